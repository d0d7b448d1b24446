//! Canvas wiring: sizes a `<canvas>` to its box × devicePixelRatio, and hands a plotters
//! drawing area to the pure chart functions in `promboard_core::chart`.
//!
//! Contract: redraws when the view model (e.g. a legend click) or the element's size changes
//! (ResizeObserver), never on hover (src/ui/overlay.rs draws hover on a canvas above); a chart
//! error is shown as text in the panel, not thrown. A pie shows the hovered slice's tooltip
//! (`[data-testid=pie-tooltip][data-slice]`, text from `chart::pie_tooltip`, slice from
//! `chart::pie_hit` on the layout of the last draw) without redrawing; the canvas's `data-pie`
//! is that layout in CSS px (`cx,cy,radius,inner radius`) for tests.

use std::sync::Arc;

use leptos::prelude::*;
use plotters::prelude::IntoDrawingArea;
use promboard_canvas::PathCanvas;
use promboard_core::chart::Theme;
use promboard_core::panel::PanelView;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use super::dashboard::DashCtx;
use crate::browser;

/// A live ResizeObserver and the callback it holds (dropped together).
type Observer = (web_sys::ResizeObserver, Closure<dyn FnMut(js_sys::Array)>);

/// Observes an element's size; the returned signal holds (css width, css height), rounded.
///
/// The size comes from the observer's entries (its first notification arrives right after
/// `observe`), never from `clientWidth`: reading layout after the panel's DOM writes forced a
/// synchronous layout per panel per refresh (BENCHMARKS.md, CPU per refresh).
pub fn observe_size<E>(node: NodeRef<E>) -> ReadSignal<(u32, u32)>
where
    E: leptos::html::ElementType + 'static,
    E::Output: Clone + Into<web_sys::Element> + 'static,
    NodeRef<E>: Get<Value = Option<E::Output>>,
{
    let (size, set_size) = signal((0u32, 0u32));
    let observer: StoredValue<Option<Observer>, LocalStorage> = StoredValue::new_local(None);
    let disconnect = move || {
        observer.update_value(|o| {
            if let Some((obs, _)) = o.take() {
                obs.disconnect();
            }
        });
    };
    Effect::new(move || {
        let Some(node_el) = node.get() else { return };
        let el: web_sys::Element = node_el.into();
        let closure = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
            let Ok(entry) = entries.get(0).dyn_into::<web_sys::ResizeObserverEntry>() else {
                return;
            };
            let rect = entry.content_rect();
            let w = rect.width().round().max(0.0) as u32;
            let h = rect.height().round().max(0.0) as u32;
            if size.get_untracked() != (w, h) {
                set_size.set((w, h));
            }
        });
        // A new element (the view was rebuilt): stop watching the old one before its callback
        // is dropped.
        disconnect();
        if let Ok(obs) = web_sys::ResizeObserver::new(closure.as_ref().unchecked_ref()) {
            obs.observe(&el);
            observer.set_value(Some((obs, closure)));
        }
    });
    on_cleanup(disconnect);
    size
}

/// The series canvas. `view` may change (a legend click hides a series); hovering never
/// touches it (that is the overlay's job), which `data-draws` (draws so far) lets tests check.
#[component]
pub fn ChartCanvas(
    #[prop(into)] view: Signal<Arc<PanelView>>,
    dash: DashCtx,
    /// Overrides the view's own text alternative (time series: title, series, calcs).
    #[prop(optional, into)]
    label: Option<Signal<String>>,
    /// Id of the element holding the chart's data as text (legend or table).
    #[prop(optional, into)]
    described_by: Option<String>,
) -> impl IntoView {
    let node = NodeRef::<leptos::html::Canvas>::new();
    let size = observe_size(node);
    let failure = RwSignal::new(None::<String>);
    let draws = RwSignal::new(0u32);
    // The pie's layout from the last draw (device px), and the hovered slice with the pointer
    // (client px).
    let pie: StoredValue<Option<promboard_core::chart::PieLayout>> = StoredValue::new(None);
    let hovered = RwSignal::new(None::<(usize, f64, f64)>);
    let label = move || match label {
        Some(l) => l.get(),
        None => view.with(|v| v.text_alternative()),
    };
    Effect::new(move || {
        let (w, h) = size.get();
        let dark = dash.dark.get();
        let view = view.get();
        let Some(canvas) = node.get() else { return };
        if w == 0 || h == 0 {
            return;
        }
        let dpr = browser::device_pixel_ratio();
        let (dw, dh) = (
            (f64::from(w) * dpr).round() as u32,
            (f64::from(h) * dpr).round() as u32,
        );
        if canvas.width() != dw || canvas.height() != dh {
            canvas.set_width(dw);
            canvas.set_height(dh);
        }
        let theme = if dark {
            Theme::dark(dpr)
        } else {
            Theme::light(dpr)
        };
        let Some(backend) = PathCanvas::new(canvas) else {
            return;
        };
        let area = backend.into_drawing_area();
        let drawn = promboard_core::panel::draw(&area, &view, &theme);
        pie.set_value(match &drawn {
            Ok(promboard_core::panel::Drawn::Pie(l)) => Some(l.clone()),
            _ => None,
        });
        hovered.set(None);
        failure.set(drawn.err().map(|e| e.to_string()));
        draws.update(|n| *n += 1);
    });
    let on_move = move |ev: web_sys::MouseEvent| {
        let hit = pie.with_value(|l| {
            let l = l.as_ref()?;
            let target = ev.current_target()?.dyn_into::<web_sys::Element>().ok()?;
            let rect = target.get_bounding_client_rect();
            let dpr = browser::device_pixel_ratio();
            let x = (f64::from(ev.client_x()) - rect.left()) * dpr;
            let y = (f64::from(ev.client_y()) - rect.top()) * dpr;
            promboard_core::chart::pie_hit(l, x, y)
        });
        let next = hit.map(|i| (i, f64::from(ev.client_x()), f64::from(ev.client_y())));
        if hovered.get_untracked() != next {
            hovered.set(next);
        }
    };
    let pie_attr = move || {
        draws.track();
        let dpr = browser::device_pixel_ratio();
        pie.with_value(|l| {
            l.as_ref().map(|l| {
                format!(
                    "{:.1},{:.1},{:.1},{:.1}",
                    l.center.0 / dpr,
                    l.center.1 / dpr,
                    l.radius_px / dpr,
                    l.inner_radius_px / dpr
                )
            })
        })
    };
    let tooltip = move || {
        let (i, x, y) = hovered.get()?;
        let text = view.with(|v| match &**v {
            PanelView::PieChart(p) => promboard_core::chart::pie_tooltip(&p.chart, i),
            _ => None,
        })?;
        Some(view! {
            <div class="chart-tooltip pie-tooltip" role="tooltip" data-testid="pie-tooltip"
                data-slice=i.to_string()
                style:left=format!("{}px", x + 12.0) style:top=format!("{}px", y + 12.0)>
                {text}
            </div>
        })
    };
    view! {
        <canvas node_ref=node class="chart-series" role="img" aria-label=label
            aria-describedby=described_by data-draws=move || draws.get().to_string() data-pie=pie_attr
            on:mousemove=on_move on:mouseleave=move |_| hovered.set(None)></canvas>
        {move || failure.get().map(|e| view! { <div class="panel-message error">{e}</div> })}
        {tooltip}
    }
}

/// A small line behind a stat value.
#[component]
pub fn Sparkline(points: Arc<Vec<(i64, f64)>>, color: String) -> impl IntoView {
    let node = NodeRef::<leptos::html::Canvas>::new();
    let size = observe_size(node);
    Effect::new(move || {
        let (w, h) = size.get();
        let Some(canvas) = node.get() else { return };
        if w == 0 || h == 0 {
            return;
        }
        let dpr = browser::device_pixel_ratio();
        canvas.set_width((f64::from(w) * dpr).round() as u32);
        canvas.set_height((f64::from(h) * dpr).round() as u32);
        let Some(backend) = PathCanvas::new(canvas) else {
            return;
        };
        let area = backend.into_drawing_area();
        let theme = Theme::dark(dpr);
        let _ = promboard_core::panel::draw_sparkline(&area, &points, &color, &theme);
    });
    view! { <canvas node_ref=node aria-hidden="true"></canvas> }
}
