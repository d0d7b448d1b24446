//! A time-series chart with its interaction overlay: the series canvas, a transparent canvas
//! stacked above it for the crosshair, highlighted points and the drag selection, and the
//! tooltip as DOM text.
//!
//! Contract: hovering only redraws the overlay (the series canvas's `data-draws` stays put).
//! Every decision is in `promboard_core::chart` (`hit_test`, `hover_at_time`, `tooltip`,
//! `tooltip_position`, `overlay_marks`, `zoom::drag_range`); this file wires pointer events and
//! signals to them. The overlay is sized to its box × devicePixelRatio like the series canvas.
//! With a shared crosshair (`graphTooltip` ≥ 1) the hovered time goes to `DashCtx::crosshair`
//! and the other time-series panels draw it; with 2 they also show their tooltip. A drag of at
//! least `zoom::MIN_DRAG_CSS_PX` sets the URL's absolute `from`/`to`; a double-click zooms out.
//! DOM contract for tests: `.chart-area[data-plot]` = plot rectangle `left,top,right,bottom` in
//! CSS px; `[data-testid=chart-tooltip][data-t-ms]` with `.tooltip-row[data-series]
//! [data-raw-value]`; `canvas.chart-overlay[data-crosshair-t]` = the time drawn (empty: none).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use leptos::prelude::*;
use plotters::prelude::IntoDrawingArea;
use promboard_canvas::PathCanvas;
use promboard_core::chart::{self, zoom, Hover, PlotLayout, Theme, Tooltip};
use promboard_core::model::TimeSeriesOptions;
use promboard_core::panel::PanelView;
use wasm_bindgen::JsCast;

use super::canvas::{observe_size, ChartCanvas};
use super::dashboard::DashCtx;
use super::AppCtx;
use crate::browser;

/// Distinguishes overlays, so a panel ignores the crosshair it published itself.
static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// A document-unique element id (`legend-7`).
pub fn unique_id(prefix: &str) -> String {
    format!("{prefix}-{}", NEXT_ID.fetch_add(1, Ordering::Relaxed))
}

fn theme(dark: bool, dpr: f64) -> Theme {
    if dark {
        Theme::dark(dpr)
    } else {
        Theme::light(dpr)
    }
}

/// The pointer relative to the event's current target, CSS px, and that target's rectangle.
fn local_point(ev: &web_sys::MouseEvent) -> Option<(f64, f64, web_sys::DomRect)> {
    let target = ev.current_target()?.dyn_into::<web_sys::Element>().ok()?;
    let rect = target.get_bounding_client_rect();
    Some((
        f64::from(ev.client_x()) - rect.left(),
        f64::from(ev.client_y()) - rect.top(),
        rect,
    ))
}

/// The viewport's size in CSS px.
fn viewport_size() -> (f64, f64) {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .map_or((f64::INFINITY, f64::INFINITY), |e| {
            (f64::from(e.client_width()), f64::from(e.client_height()))
        })
}

/// What the overlay shows right now.
#[derive(Clone, Debug, PartialEq)]
struct Shown {
    hover: Option<Hover>,
    /// Set for a crosshair shared from another panel (drawn at exactly this time).
    shared_t: Option<i64>,
    tooltip: Option<Tooltip>,
}

#[component]
pub fn TimeSeriesChart(
    /// The view as drawn (legend visibility applied).
    #[prop(into)]
    view: Signal<Arc<PanelView>>,
    options: TimeSeriesOptions,
    /// The chart's text alternative.
    #[prop(into)]
    label: Signal<String>,
    /// Id of the legend / data table describing the chart.
    described_by: String,
    dash: DashCtx,
) -> impl IntoView {
    let Some(app) = use_context::<AppCtx>() else {
        return ().into_any();
    };
    let me = NEXT_ID.fetch_add(1, Ordering::Relaxed);
    let overlay = NodeRef::<leptos::html::Canvas>::new();
    let tip_ref = NodeRef::<leptos::html::Div>::new();
    let area_ref = NodeRef::<leptos::html::Div>::new();
    let size = observe_size(overlay);
    // Pointer (CSS px, relative to the chart area) while it is over the chart.
    let pointer = RwSignal::new(None::<(f64, f64)>);
    // Drag start and current x (CSS px).
    let drag = RwSignal::new(None::<(f64, f64)>);
    // Annotation regions under the pointer.
    let regions = RwSignal::new(Vec::<String>::new());
    let tip_pos = RwSignal::new((0.0f64, 0.0f64));

    // The layout the series canvas used (same view, size and dpr), recomputed only when one of
    // them changes.
    let layout = Memo::new(move |_| {
        let (w, h) = size.get();
        let dpr = browser::device_pixel_ratio();
        let (dw, dh) = (
            (f64::from(w) * dpr).round() as u32,
            (f64::from(h) * dpr).round() as u32,
        );
        if dw == 0 || dh == 0 {
            return None;
        }
        view.with(|v| match &**v {
            PanelView::TimeSeries(ts) => {
                chart::layout_time_series(&ts.chart, &theme(false, dpr), dw, dh)
                    .ok()
                    .map(|l| (Arc::new(l), dpr))
            }
            _ => None,
        })
    });
    let with_ts = move |f: &dyn Fn(
        &promboard_core::chart::TimeSeriesView,
        &PlotLayout,
        f64,
    ) -> Option<Shown>| {
        let (l, dpr) = layout.get()?;
        view.with(|v| match &**v {
            PanelView::TimeSeries(ts) => f(&ts.chart, &l, dpr),
            _ => None,
        })
    };
    let mode = options.tooltip;
    let sort = options.tooltip_sort;
    let shares = dash.graph_tooltip.shares();
    let shares_tooltip = dash.graph_tooltip.shares_tooltip();
    let shown = Memo::new(move |_| {
        let local = pointer.get();
        let dragging = drag.with(Option::is_some);
        let remote = dash
            .crosshair
            .get()
            .filter(|(_, from)| shares && *from != me)
            .map(|(t, _)| t);
        with_ts(&|ts, l, dpr| match (local, remote) {
            (Some((x, y)), _) => {
                let hover = chart::hit_test(ts, l, x * dpr, y * dpr)?;
                let tip = if dragging {
                    None
                } else {
                    chart::tooltip(ts, &hover, mode, sort, Some(y * dpr))
                };
                Some(Shown {
                    hover: Some(hover),
                    shared_t: None,
                    tooltip: tip,
                })
            }
            (None, Some(t)) => {
                let hover = chart::hover_at_time(ts, l, t);
                let tip = shares_tooltip
                    .then(|| chart::tooltip(ts, &hover, mode, sort, None))
                    .flatten();
                Some(Shown {
                    hover: Some(hover),
                    shared_t: Some(t),
                    tooltip: tip,
                })
            }
            (None, None) => None,
        })
    });

    // Publish the hovered time to the other panels.
    Effect::new(move || {
        if !shares {
            return;
        }
        let local_t = shown.with(|s| {
            s.as_ref()
                .filter(|s| s.shared_t.is_none())
                .and_then(|s| s.hover.as_ref().map(|h| h.t_ms))
        });
        let current = dash.crosshair.get_untracked();
        match local_t {
            Some(t) if current != Some((t, me)) => dash.crosshair.set(Some((t, me))),
            None if current.is_some_and(|(_, from)| from == me) => dash.crosshair.set(None),
            _ => {}
        }
    });

    // Draw the overlay: cleared (by resetting its size) and redrawn on every change.
    let crosshair_t = RwSignal::new(String::new());
    Effect::new(move || {
        let dark = dash.dark.get();
        let Some(canvas) = overlay.get() else { return };
        let Some((l, dpr)) = layout.get() else { return };
        let s = shown.get();
        let selection = drag
            .get()
            .and_then(|(a, b)| zoom::selection_rect(&l, a * dpr, b * dpr));
        canvas.set_width(l.width_px);
        canvas.set_height(l.height_px);
        let marks = chart::overlay_marks(
            &l,
            s.as_ref().and_then(|s| s.hover.as_ref()),
            s.as_ref().and_then(|s| s.shared_t),
            selection,
        );
        crosshair_t.set(
            marks
                .crosshair_x
                .and(s.as_ref().and_then(|s| s.hover.as_ref()))
                .map(|h| h.t_ms.to_string())
                .unwrap_or_default(),
        );
        let Some(backend) = PathCanvas::new(canvas) else {
            return;
        };
        let area = backend.into_drawing_area();
        if let Err(e) = chart::draw_overlay(&area, &marks, &theme(dark, dpr)) {
            browser::log_error(&e.to_string());
        }
    });

    // Place the tooltip once it is rendered (its size is known then): beside the pointer (or
    // the shared crosshair), flipped at the chart area's edges.
    Effect::new(move || {
        shown.track();
        regions.track();
        let anchor = match pointer.get() {
            Some(p) => Some(p),
            None => shown
                .with(|s| s.as_ref().and_then(|s| s.hover.as_ref().map(|h| h.x_px)))
                .and_then(|x| layout.with(|l| l.as_ref().map(|(_, dpr)| (x / dpr, 8.0)))),
        };
        let (Some(tip), Some(area), Some((x, y))) = (tip_ref.get(), area_ref.get(), anchor) else {
            return;
        };
        let rect = area.get_bounding_client_rect();
        let size = (
            f64::from(tip.offset_width()),
            f64::from(tip.offset_height()),
        );
        // The tooltip is `position: fixed` (never clipped by the panel); it stays inside the
        // chart area where it fits, and inside the viewport.
        let (vw, vh) = viewport_size();
        let bounds = (
            rect.left().max(0.0),
            rect.top().max(0.0),
            rect.right().min(vw),
            rect.bottom().min(vh),
        );
        let pos = chart::tooltip_position((rect.left() + x, rect.top() + y), size, bounds, 12.0);
        if tip_pos.get_untracked() != pos {
            tip_pos.set(pos);
        }
    });

    let hover_view = view;
    let on_move = move |ev: web_sys::MouseEvent| {
        let Some((x, y, rect)) = local_point(&ev) else {
            return;
        };
        if pointer.get_untracked() != Some((x, y)) {
            pointer.set(Some((x, y)));
        }
        // Annotation regions under the pointer (mapping in `annotations::hover_at`).
        let dpr = browser::device_pixel_ratio();
        let found = hover_view.with_untracked(|v| match &**v {
            PanelView::TimeSeries(ts) if !ts.chart.regions.is_empty() => {
                let dw = (rect.width() * dpr).round() as u32;
                let dh = (rect.height() * dpr).round() as u32;
                promboard_core::annotations::hover_at(
                    &ts.chart,
                    &theme(false, dpr),
                    dw,
                    dh,
                    x * dpr,
                )
            }
            _ => Vec::new(),
        });
        if regions.with_untracked(|r| *r != found) {
            regions.set(found);
        }
    };
    let on_leave = move |_: web_sys::MouseEvent| {
        pointer.set(None);
        regions.set(Vec::new());
    };
    let on_down = move |ev: web_sys::PointerEvent| {
        if ev.button() != 0 {
            return;
        }
        let Some((x, y, _)) = local_point(&ev) else {
            return;
        };
        let starts = layout.with_untracked(|l| {
            l.as_ref()
                .is_some_and(|(l, dpr)| zoom::starts_drag(l, x * dpr, y * dpr))
        });
        if !starts {
            return;
        }
        if let Some(el) = ev
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        {
            let _ = el.set_pointer_capture(ev.pointer_id());
        }
        drag.set(Some((x, x)));
    };
    let on_drag = move |ev: web_sys::PointerEvent| {
        if drag.with_untracked(Option::is_none) {
            return;
        }
        let Some((x, y, _)) = local_point(&ev) else {
            return;
        };
        drag.update(|d| {
            if let Some(d) = d {
                d.1 = x;
            }
        });
        pointer.set(Some((x, y)));
    };
    let nav = app.clone();
    let on_up = move |ev: web_sys::PointerEvent| {
        let Some((start, _)) = drag.get_untracked() else {
            return;
        };
        drag.set(None);
        let Some((x, _, _)) = local_point(&ev) else {
            return;
        };
        let range = layout.with_untracked(|l| {
            l.as_ref().and_then(|(l, dpr)| {
                zoom::drag_range(l, start * dpr, x * dpr, zoom::MIN_DRAG_CSS_PX * dpr)
            })
        });
        if let Some(range) = range {
            let (from, to) = zoom::range_values(range);
            let mut next = nav.url.get_untracked();
            next.from = Some(from);
            next.to = Some(to);
            nav.navigate(next, false);
        }
    };
    let zoom_app = app.clone();
    let on_dblclick = move |_: web_sys::MouseEvent| super::timepicker::zoom_out(&zoom_app, dash);

    let plot_attr = move || {
        layout.with(|l| {
            l.as_ref().map(|(l, dpr)| {
                let r = l.plot_rect;
                format!(
                    "{},{},{},{}",
                    f64::from(r.x0) / dpr,
                    f64::from(r.y0) / dpr,
                    f64::from(r.x1) / dpr,
                    f64::from(r.y1) / dpr
                )
            })
        })
    };
    let tooltip = move || {
        let tip = shown.with(|s| s.as_ref().and_then(|s| s.tooltip.clone()));
        let lines = regions.get();
        if tip.is_none() && lines.is_empty() {
            return None;
        }
        let t_ms = tip.as_ref().map(|t| t.t_ms.to_string());
        Some(view! {
            <div class="chart-tooltip" role="tooltip" data-testid="chart-tooltip" node_ref=tip_ref
                data-t-ms=t_ms
                style:left=move || format!("{}px", tip_pos.get().0)
                style:top=move || format!("{}px", tip_pos.get().1)>
                {tip.map(|t| view! {
                    <div class="tooltip-time">{t.time_text}</div>
                    {t.rows.into_iter().map(|r| {
                        let (name, raw, color) = (r.name.clone(), r.value.to_string(), chart::css_color(r.color));
                        view! {
                            <div class="tooltip-row" class:nearest=r.nearest data-series=name
                                data-raw-value=raw>
                                <span class="swatch" style:background-color=color></span>
                                <span class="tooltip-name">{r.name}</span>
                                <span class="tooltip-value" data-value=r.text.clone()>{r.text.clone()}</span>
                            </div>
                        }
                    }).collect_view()}
                })}
                {(!lines.is_empty()).then(|| view! {
                    <div class="tooltip-regions" data-testid="region-hover">
                        {lines.into_iter().map(|l| view! { <div>{l}</div> }).collect_view()}
                    </div>
                })}
            </div>
        })
    };
    view! {
        <div class="chart-area" node_ref=area_ref data-plot=plot_attr
            class:dragging=move || drag.with(Option::is_some)
            on:mousemove=on_move on:mouseleave=on_leave
            on:pointerdown=on_down on:pointermove=on_drag on:pointerup=on_up
            on:pointercancel=move |_| drag.set(None)
            on:dblclick=on_dblclick>
            <ChartCanvas view=view dash=dash label=label described_by=described_by/>
            <canvas class="chart-overlay" node_ref=overlay aria-hidden="true"
                data-crosshair-t=move || crosshair_t.get()></canvas>
            {tooltip}
        </div>
    }
    .into_any()
}
