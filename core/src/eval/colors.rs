//! Colours: Grafana's named palette per theme, CSS colour parsing, and the series palette.
//!
//! Contract:
//! - [`resolve`] turns what a dashboard wrote (`green`, `semi-dark-red`, `text`, `transparent`,
//!   `#abc`, `rgb(…)`, a CSS name) into a CSS colour string for the theme. The named shades
//!   differ between dark and light themes exactly as in Grafana; `#…` and `rgb…` pass through;
//!   CSS names (`aliceblue`, …) are looked up case-insensitively; an empty name gives Grafana's
//!   fallback grey; anything else is returned unchanged (the browser decides).
//! - [`parse_rgba`] parses `#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa`, `rgb(r, g, b)` and
//!   `rgba(r, g, b, a)` (alpha 0..=1) into [`Rgba`]; anything else is `None`.
//! - [`series_color`] is Grafana's `palette-classic` (by theme, cycling); [`LEGACY_PALETTE`] is
//!   the pre-v7 graph palette (`#7EB26D, #EAB839, …`) for dashboards that pinned it.

/// Light or dark UI theme.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Theme {
    #[default]
    Dark,
    Light,
}

/// An sRGB colour with alpha 0..=255.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Rgba {
    pub r: u8,
    pub g: u8,
    pub b: u8,
    pub a: u8,
}

impl Rgba {
    /// `#rrggbb` (alpha dropped when opaque, else `#rrggbbaa`).
    pub fn to_hex(self) -> String {
        if self.a == 255 {
            format!("#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
        } else {
            format!("#{:02x}{:02x}{:02x}{:02x}", self.r, self.g, self.b, self.a)
        }
    }
}

/// Grafana's `FALLBACK_COLOR`.
pub const FALLBACK_COLOR: &str = "#808080";

/// (name, dark-theme hex, light-theme hex) for every named shade.
const NAMED: [(&str, &str, &str); 30] = [
    ("super-light-red", "#FFA6B0", "#FF7383"),
    ("light-red", "#FF7383", "#F2495C"),
    ("red", "#F2495C", "#E02F44"),
    ("semi-dark-red", "#E02F44", "#C4162A"),
    ("dark-red", "#C4162A", "#AD0317"),
    ("super-light-orange", "#FFCB7D", "#FFB357"),
    ("light-orange", "#FFB357", "#FF9830"),
    ("orange", "#FF9830", "#FF780A"),
    ("semi-dark-orange", "#FF780A", "#FA6400"),
    ("dark-orange", "#FA6400", "#E55400"),
    ("super-light-yellow", "#FFF899", "#FFEE52"),
    ("light-yellow", "#FFEE52", "#FADE2A"),
    ("yellow", "#FADE2A", "#F2CC0C"),
    ("semi-dark-yellow", "#F2CC0C", "#E0B400"),
    ("dark-yellow", "#E0B400", "#CC9D00"),
    ("super-light-green", "#C8F2C2", "#96D98D"),
    ("light-green", "#96D98D", "#73BF69"),
    ("green", "#73BF69", "#56A64B"),
    ("semi-dark-green", "#56A64B", "#37872D"),
    ("dark-green", "#37872D", "#19730E"),
    ("super-light-blue", "#C0D8FF", "#8AB8FF"),
    ("light-blue", "#8AB8FF", "#5794F2"),
    ("blue", "#5794F2", "#3274D9"),
    ("semi-dark-blue", "#3274D9", "#1F60C4"),
    ("dark-blue", "#1F60C4", "#1250B0"),
    ("super-light-purple", "#DEB6F2", "#CA95E5"),
    ("light-purple", "#CA95E5", "#B877D9"),
    ("purple", "#B877D9", "#A352CC"),
    ("semi-dark-purple", "#A352CC", "#8F3BB8"),
    ("dark-purple", "#8F3BB8", "#7C2EA3"),
];

/// The hex of a Grafana named shade (`green`, `semi-dark-red`, …) in `theme`, if it is one.
pub fn named(name: &str, theme: Theme) -> Option<&'static str> {
    let (_, dark, light) = NAMED.iter().find(|(n, _, _)| *n == name)?;
    Some(match theme {
        Theme::Dark => dark,
        Theme::Light => light,
    })
}

/// Resolve a colour as written in a dashboard to a CSS colour for `theme`.
pub fn resolve(name: &str, theme: Theme) -> String {
    let name = name.trim();
    if name.is_empty() {
        return FALLBACK_COLOR.to_owned();
    }
    if let Some(hex) = named(name, theme) {
        return hex.to_owned();
    }
    match name {
        "transparent" => {
            return match theme {
                Theme::Dark => "rgba(0,0,0,0)",
                Theme::Light => "rgba(255, 255, 255, 0)",
            }
            .to_owned()
        }
        "text" => {
            return match theme {
                Theme::Dark => "rgb(204, 204, 220)",
                Theme::Light => "rgba(36, 41, 46, 1)",
            }
            .to_owned()
        }
        "panel-bg" => {
            return match theme {
                Theme::Dark => "#181b1f",
                Theme::Light => "#ffffff",
            }
            .to_owned()
        }
        _ => {}
    }
    if name.starts_with('#') || name.contains("rgb") {
        return name.to_owned();
    }
    let lower = name.to_ascii_lowercase();
    match CSS_NAMES.iter().find(|(n, _)| *n == lower) {
        Some((_, hex)) => (*hex).to_owned(),
        None => name.to_owned(),
    }
}

/// Resolve and parse in one go (`None` when the result is not a parseable colour).
pub fn resolve_rgba(name: &str, theme: Theme) -> Option<Rgba> {
    parse_rgba(&resolve(name, theme))
}

/// Parse `#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa`, `rgb(…)`, `rgba(…)`.
pub fn parse_rgba(s: &str) -> Option<Rgba> {
    let s = s.trim();
    if let Some(hex) = s.strip_prefix('#') {
        if !hex.is_ascii() {
            return None;
        }
        let nibble = |i: usize| u8::from_str_radix(hex.get(i..=i)?, 16).ok().map(|v| v * 17);
        let byte = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok();
        return match hex.len() {
            3 => Some(Rgba {
                r: nibble(0)?,
                g: nibble(1)?,
                b: nibble(2)?,
                a: 255,
            }),
            4 => Some(Rgba {
                r: nibble(0)?,
                g: nibble(1)?,
                b: nibble(2)?,
                a: nibble(3)?,
            }),
            6 => Some(Rgba {
                r: byte(0)?,
                g: byte(2)?,
                b: byte(4)?,
                a: 255,
            }),
            8 => Some(Rgba {
                r: byte(0)?,
                g: byte(2)?,
                b: byte(4)?,
                a: byte(6)?,
            }),
            _ => None,
        };
    }
    let lower = s.to_ascii_lowercase();
    let inner = lower
        .strip_prefix("rgba(")
        .or_else(|| lower.strip_prefix("rgb("))?
        .strip_suffix(')')?;
    let parts: Vec<&str> = inner.split(',').map(str::trim).collect();
    let channel = |p: &str| -> Option<u8> {
        let v: f64 = match p.strip_suffix('%') {
            Some(pct) => pct.parse::<f64>().ok()? * 2.55,
            None => p.parse().ok()?,
        };
        Some(v.round().clamp(0.0, 255.0) as u8)
    };
    let (r, g, b, a) = match parts.as_slice() {
        [r, g, b] => (channel(r)?, channel(g)?, channel(b)?, 255),
        [r, g, b, a] => {
            let alpha: f64 = a.parse().ok()?;
            (
                channel(r)?,
                channel(g)?,
                channel(b)?,
                (alpha.clamp(0.0, 1.0) * 255.0).round() as u8,
            )
        }
        _ => return None,
    };
    Some(Rgba { r, g, b, a })
}

/// Grafana's `palette-classic` order (names resolve per theme; the tail is fixed hex).
pub const CLASSIC_PALETTE: [&str; 64] = [
    "green",
    "yellow",
    "blue",
    "orange",
    "red",
    "purple",
    "dark-green",
    "dark-yellow",
    "dark-blue",
    "dark-orange",
    "dark-red",
    "dark-purple",
    "super-light-green",
    "super-light-yellow",
    "super-light-blue",
    "super-light-orange",
    "super-light-red",
    "super-light-purple",
    "#447EBC",
    "#C15C17",
    "#890F02",
    "#0A437C",
    "#6D1F62",
    "#584477",
    "#B7DBAB",
    "#F4D598",
    "#70DBED",
    "#F9BA8F",
    "#F29191",
    "#82B5D8",
    "#E5A8E2",
    "#AEA2E0",
    "#629E51",
    "#E5AC0E",
    "#64B0C8",
    "#E0752D",
    "#BF1B00",
    "#0A50A1",
    "#962D82",
    "#614D93",
    "#9AC48A",
    "#F2C96D",
    "#65C5DB",
    "#F9934E",
    "#EA6460",
    "#5195CE",
    "#D683CE",
    "#806EB7",
    "#3F6833",
    "#967302",
    "#2F575E",
    "#99440A",
    "#58140C",
    "#052B51",
    "#511749",
    "#3F2B5B",
    "#E0F9D7",
    "#FCEACA",
    "#CFFAFF",
    "#F9E2D2",
    "#FCE2DE",
    "#BADFF4",
    "#F9D9F9",
    "#DEDAF7",
];

/// The pre-v7 Grafana graph palette (`app/core/utils/colors.ts`).
pub const LEGACY_PALETTE: [&str; 56] = [
    "#7EB26D", "#EAB839", "#6ED0E0", "#EF843C", "#E24D42", "#1F78C1", "#BA43A9", "#705DA0",
    "#508642", "#CCA300", "#447EBC", "#C15C17", "#890F02", "#0A437C", "#6D1F62", "#584477",
    "#B7DBAB", "#F4D598", "#70DBED", "#F9BA8F", "#F29191", "#82B5D8", "#E5A8E2", "#AEA2E0",
    "#629E51", "#E5AC0E", "#64B0C8", "#E0752D", "#BF1B00", "#0A50A1", "#962D82", "#614D93",
    "#9AC48A", "#F2C96D", "#65C5DB", "#F9934E", "#EA6460", "#5195CE", "#D683CE", "#806EB7",
    "#3F6833", "#967302", "#2F575E", "#99440A", "#58140C", "#052B51", "#511749", "#3F2B5B",
    "#E0F9D7", "#FCEACA", "#CFFAFF", "#F9E2D2", "#FCE2DE", "#BADFF4", "#F9D9F9", "#DEDAF7",
];

/// The colour of the `index`-th series under `palette-classic` (cycles after 64).
pub fn series_color(index: usize, theme: Theme) -> String {
    let name = CLASSIC_PALETTE[index % CLASSIC_PALETTE.len()];
    resolve(name, theme)
}

/// The `index`-th colour of the pre-v7 palette (cycles).
pub fn legacy_series_color(index: usize) -> &'static str {
    LEGACY_PALETTE[index % LEGACY_PALETTE.len()]
}

/// CSS colour names Grafana resolves (its `nativeColorNames`), lower case.
const CSS_NAMES: [(&str, &str); 46] = [
    ("aqua", "#00ffff"),
    ("black", "#000000"),
    ("blue", "#0000ff"),
    ("brown", "#a52a2a"),
    ("chartreuse", "#7fff00"),
    ("coral", "#ff7f50"),
    ("crimson", "#dc143c"),
    ("cyan", "#00ffff"),
    ("darkblue", "#00008b"),
    ("darkgray", "#a9a9a9"),
    ("darkgreen", "#006400"),
    ("darkorange", "#ff8c00"),
    ("darkred", "#8b0000"),
    ("dimgray", "#696969"),
    ("firebrick", "#b22222"),
    ("fuchsia", "#ff00ff"),
    ("gold", "#ffd700"),
    ("gray", "#808080"),
    ("green", "#008000"),
    ("grey", "#808080"),
    ("hotpink", "#ff69b4"),
    ("indigo", "#4b0082"),
    ("khaki", "#f0e68c"),
    ("lightblue", "#add8e6"),
    ("lightgreen", "#90ee90"),
    ("lightgrey", "#d3d3d3"),
    ("lime", "#00ff00"),
    ("limegreen", "#32cd32"),
    ("magenta", "#ff00ff"),
    ("maroon", "#800000"),
    ("navy", "#000080"),
    ("olive", "#808000"),
    ("orange", "#ffa500"),
    ("orangered", "#ff4500"),
    ("pink", "#ffc0cb"),
    ("purple", "#800080"),
    ("red", "#ff0000"),
    ("salmon", "#fa8072"),
    ("silver", "#c0c0c0"),
    ("skyblue", "#87ceeb"),
    ("steelblue", "#4682b4"),
    ("teal", "#008080"),
    ("tomato", "#ff6347"),
    ("violet", "#ee82ee"),
    ("white", "#ffffff"),
    ("yellow", "#ffff00"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_colours_per_theme() {
        let cases: &[(&str, Theme, &str)] = &[
            ("green", Theme::Dark, "#73BF69"),
            ("green", Theme::Light, "#56A64B"),
            ("semi-dark-green", Theme::Dark, "#56A64B"),
            ("dark-red", Theme::Dark, "#C4162A"),
            ("dark-red", Theme::Light, "#AD0317"),
            ("red", Theme::Dark, "#F2495C"),
            ("orange", Theme::Dark, "#FF9830"),
            ("yellow", Theme::Dark, "#FADE2A"),
            ("blue", Theme::Light, "#3274D9"),
            ("purple", Theme::Dark, "#B877D9"),
            ("super-light-purple", Theme::Light, "#CA95E5"),
            ("text", Theme::Dark, "rgb(204, 204, 220)"),
            ("transparent", Theme::Dark, "rgba(0,0,0,0)"),
            ("#abc", Theme::Dark, "#abc"),
            ("rgba(1, 2, 3, 0.5)", Theme::Light, "rgba(1, 2, 3, 0.5)"),
            ("AliceBlue-ish", Theme::Dark, "AliceBlue-ish"),
            ("Crimson", Theme::Dark, "#dc143c"),
            ("", Theme::Dark, FALLBACK_COLOR),
        ];
        for (name, theme, want) in cases {
            assert_eq!(resolve(name, *theme), *want, "{name} {theme:?}");
        }
        assert_eq!(named("nope", Theme::Dark), None);
    }

    #[test]
    fn parses_css_colours() {
        let rgba = |r, g, b, a| Some(Rgba { r, g, b, a });
        let cases: &[(&str, Option<Rgba>)] = &[
            ("#fff", rgba(255, 255, 255, 255)),
            ("#f008", rgba(255, 0, 0, 136)),
            ("#7EB26D", rgba(0x7e, 0xb2, 0x6d, 255)),
            ("#7eb26d80", rgba(0x7e, 0xb2, 0x6d, 0x80)),
            ("rgb(10, 20, 30)", rgba(10, 20, 30, 255)),
            ("rgba(10,20,30,0.5)", rgba(10, 20, 30, 128)),
            ("RGBA(0, 0, 0, 0)", rgba(0, 0, 0, 0)),
            ("rgb(100%, 0%, 0%)", rgba(255, 0, 0, 255)),
            ("#12345", None),
            ("#ggg", None),
            ("rgb(1, 2)", None),
            ("green", None),
        ];
        for (s, want) in cases {
            assert_eq!(parse_rgba(s), *want, "{s}");
        }
        assert_eq!(
            resolve_rgba("green", Theme::Dark),
            rgba(0x73, 0xbf, 0x69, 255)
        );
        assert_eq!(
            Rgba {
                r: 1,
                g: 2,
                b: 3,
                a: 255
            }
            .to_hex(),
            "#010203"
        );
        assert_eq!(
            Rgba {
                r: 1,
                g: 2,
                b: 3,
                a: 0
            }
            .to_hex(),
            "#01020300"
        );
    }

    #[test]
    fn palettes_in_grafana_order() {
        let dark: Vec<String> = (0..6).map(|i| series_color(i, Theme::Dark)).collect();
        assert_eq!(
            dark,
            ["#73BF69", "#FADE2A", "#5794F2", "#FF9830", "#F2495C", "#B877D9"]
        );
        assert_eq!(series_color(18, Theme::Dark), "#447EBC");
        assert_eq!(series_color(64, Theme::Dark), series_color(0, Theme::Dark));
        assert_eq!(series_color(0, Theme::Light), "#56A64B");
        let legacy: Vec<&str> = (0..8).map(legacy_series_color).collect();
        assert_eq!(
            legacy,
            [
                "#7EB26D", "#EAB839", "#6ED0E0", "#EF843C", "#E24D42", "#1F78C1", "#BA43A9",
                "#705DA0"
            ]
        );
        assert_eq!(legacy_series_color(56), "#7EB26D");
        // Every palette entry resolves to something parseable.
        for i in 0..CLASSIC_PALETTE.len() {
            assert!(parse_rgba(&series_color(i, Theme::Light)).is_some(), "{i}");
        }
    }
}
