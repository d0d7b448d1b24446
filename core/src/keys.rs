//! Keyboard shortcuts: which key sequence means which action, and the help text.
//!
//! Contract: `next(pending, key)` is a two-key state machine over `KeyboardEvent.key` values:
//! `t` starts a sequence (`t z`, `t ArrowLeft`, `t ArrowRight`); any other key after `t`
//! cancels it (and is not read as a shortcut itself, except `Escape`). Keys with Ctrl, Alt or
//! Meta held, and keys typed into a text field, never reach it (the caller filters them).
//! `SHORTCUTS` is the help dialog's and README's table, in the same order.

/// What a shortcut does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    ShowHelp,
    ZoomOut,
    ShiftBack,
    ShiftForward,
    Refresh,
    /// Leaves the inspect dialog, then the single-panel view, then kiosk.
    Escape,
    ToggleKiosk,
}

/// (keys, what they do), for the help dialog.
pub const SHORTCUTS: &[(&str, &str)] = &[
    ("?", "Show this help"),
    ("t z", "Zoom out the time range (×2)"),
    ("t ←", "Shift the time range back by half"),
    ("t →", "Shift the time range forward by half"),
    ("r", "Refresh the dashboard now"),
    (
        "Esc",
        "Close a dialog, leave the single-panel view, leave kiosk",
    ),
    ("k", "Toggle kiosk mode (hide menus and toolbars)"),
];

/// A started sequence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pending {
    None,
    /// `t` was pressed.
    Time,
}

/// The new pending state and the action the key completes, if any.
pub fn next(pending: Pending, key: &str) -> (Pending, Option<Action>) {
    if key == "Escape" {
        return (Pending::None, Some(Action::Escape));
    }
    match pending {
        Pending::Time => {
            let action = match key {
                "z" | "Z" => Some(Action::ZoomOut),
                "ArrowLeft" => Some(Action::ShiftBack),
                "ArrowRight" => Some(Action::ShiftForward),
                _ => None,
            };
            (Pending::None, action)
        }
        Pending::None => match key {
            "t" => (Pending::Time, None),
            "?" => (Pending::None, Some(Action::ShowHelp)),
            "r" => (Pending::None, Some(Action::Refresh)),
            "k" => (Pending::None, Some(Action::ToggleKiosk)),
            _ => (Pending::None, None),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sequences() {
        use Action::*;
        let run = |keys: &[&str]| {
            let mut p = Pending::None;
            let mut out = Vec::new();
            for k in keys {
                let (np, a) = next(p, k);
                p = np;
                out.extend(a);
            }
            out
        };
        assert_eq!(run(&["t", "z"]), vec![ZoomOut]);
        assert_eq!(
            run(&["t", "ArrowLeft", "t", "ArrowRight"]),
            vec![ShiftBack, ShiftForward]
        );
        assert_eq!(run(&["z"]), Vec::<Action>::new());
        assert_eq!(run(&["t", "r"]), Vec::<Action>::new());
        assert_eq!(run(&["t", "Escape"]), vec![Escape]);
        assert_eq!(
            run(&["?", "r", "k", "Shift"]),
            vec![ShowHelp, Refresh, ToggleKiosk]
        );
    }
}
