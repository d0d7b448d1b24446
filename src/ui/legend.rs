//! The time-series legend as DOM: a list or a table (calc columns) of `<button>`s.
//!
//! Contract: rows, texts and the isolate / toggle transitions come from
//! `promboard_core::chart::legend`; a click (or Enter / Space, which click a focused button)
//! isolates the series or shows all again, ctrl/cmd-click toggles it. Rows are keyed by series
//! (index, name): a refresh or a click only updates texts and attributes, so keyboard focus
//! stays on the button. The
//! root carries `id` (the chart canvas's `aria-describedby`) and `data-visible-series` (how many
//! series are drawn). A hidden legend (`displayMode: hidden`) is still rendered, without
//! buttons, for screen readers only: it is the chart's data table. Rows render a page at a time
//! (`legend::rows_shown`): the next page comes on scrolling to the legend's end or on its
//! "Show more" button (a hidden legend says how many rows it did not list).

use std::sync::Arc;

use leptos::prelude::*;
use promboard_core::chart::legend::{
    click_action, legend_model, more_rows_text, reduce, rows_shown, scrolled_near_end,
    unlisted_rows_text, LegendDisplay, LegendRow, LegendState,
};
use promboard_core::model::Legend;
use promboard_core::panel::LegendItem;
use wasm_bindgen::JsCast;

#[component]
pub fn SeriesLegend(
    /// The legend entries of the current view (a new `Arc` per view).
    #[prop(into)]
    items: Signal<Arc<Vec<LegendItem>>>,
    options: Legend,
    state: RwSignal<LegendState>,
    id: String,
) -> impl IntoView {
    let model =
        Memo::new(move |_| items.with(|items| state.with(|s| legend_model(items, &options, s))));
    // Elements live as long as their series (keyed rows), texts and attributes follow the
    // model: a refresh rebuilds nothing, a click keeps keyboard focus on its button, and no
    // reactive node outlives its element (a per-refresh rebuild left each one subscribed to
    // the model: BENCHMARKS.md "Memory").
    let row = move |i: usize| move || model.with(|m| m.rows.get(i).cloned());
    let visible = move |i: usize| model.with(|m| m.rows.get(i).is_some_and(|r| r.visible));
    let text = move |i: usize, f: fn(&LegendRow) -> String| {
        move || model.with(|m| m.rows.get(i).map(f).unwrap_or_default())
    };
    let count = move || model.with(|m| m.visible_count().to_string());
    let act = move |i: usize, ev: web_sys::MouseEvent| {
        let action = click_action(i, ev.ctrl_key() || ev.meta_key());
        let names: Vec<String> =
            items.with_untracked(|items| items.iter().map(|i| i.name.clone()).collect());
        state.update(|s| *s = reduce(s, &names, action));
    };
    // Pages of rows rendered; kept across refreshes (the user scrolled there).
    let pages = RwSignal::new(1usize);
    let more =
        move || model.with(|m| more_rows_text(m.rows.len(), rows_shown(m.rows.len(), pages.get())));
    let next_page = move || {
        if more().is_some() {
            pages.update(|p| *p += 1);
        }
    };
    let on_scroll = move |ev: web_sys::Event| {
        let Some(el) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        else {
            return;
        };
        if scrolled_near_end(
            f64::from(el.scroll_top()),
            f64::from(el.client_height()),
            f64::from(el.scroll_height()),
        ) {
            next_page();
        }
    };
    let more_button = move || {
        more().map(|label| {
            view! {
                <button class="legend-more" type="button" on:click=move |_| next_page()>{label}</button>
            }
        })
    };
    let keys = move || {
        model.with(|m| {
            m.rows
                .iter()
                .take(rows_shown(m.rows.len(), pages.get()))
                .map(|r| (r.index, r.name.clone()))
                .collect::<Vec<_>>()
        })
    };
    let button = move |i: usize, content: AnyView| {
        view! {
            <button class="legend-entry" type="button" data-series-index=i.to_string()
                aria-pressed=move || visible(i).to_string() aria-label=text(i, |r| r.label.clone())
                on:click=move |ev| act(i, ev)>
                {content}
            </button>
        }
    };
    let swatch = move |i: usize| {
        view! { <span class="swatch" style:background-color=text(i, |r| r.color.clone())></span> }
    };
    let layout = Memo::new(move |_| model.with(|m| (m.display, m.right)));
    move || {
        let (display, right) = layout.get();
        match display {
            LegendDisplay::List => view! {
                <div class="legend legend-list" class:legend-right=right id=id.clone() role="list"
                    data-visible-series=count on:scroll=on_scroll>
                    <For each=keys key=|k| k.clone() let((i, _name))>
                        <span class="legend-item" role="listitem" class:off=move || !visible(i)>
                            {button(i, view! { {swatch(i)}<span>{text(i, |r| r.list_text.clone())}</span> }.into_any())}
                        </span>
                    </For>
                    {move || more_button().map(|b| view! { <span class="legend-item" role="listitem">{b}</span> })}
                </div>
            }
            .into_any(),
            LegendDisplay::Table | LegendDisplay::Hidden => {
                let hidden = display == LegendDisplay::Hidden;
                let columns = move || model.with(|m| m.columns.clone());
                view! {
                    <div class="legend legend-table" class:legend-right=right class:sr-only=hidden
                        id=id.clone() data-visible-series=count on:scroll=on_scroll>
                        <table class="data">
                            <thead><tr>
                                <th scope="col">"Name"</th>
                                {move || columns().into_iter().map(|c| view! { <th scope="col">{c}</th> }).collect_view()}
                            </tr></thead>
                            <tbody>
                                <For each=keys key=|k| k.clone() let((i, _name))>
                                    {
                                        let name = view! { {swatch(i)}<span>{text(i, |r| r.name.clone())}</span> }.into_any();
                                        let calcs = row(i);
                                        view! {
                                            <tr class:off=move || !visible(i)>
                                                <th scope="row">{if hidden { name } else { button(i, name).into_any() }}</th>
                                                {move || calcs().map(|r| r.calcs).unwrap_or_default().into_iter()
                                                    .map(|c| view! { <td>{c}</td> }).collect_view()}
                                            </tr>
                                        }
                                    }
                                </For>
                            </tbody>
                        </table>
                        {move || if hidden {
                            model
                                .with(|m| unlisted_rows_text(m.rows.len(), rows_shown(m.rows.len(), pages.get())))
                                .map(|t| view! { <p>{t}</p> }.into_any())
                        } else {
                            more_button().map(IntoAny::into_any)
                        }}
                    </div>
                }
                .into_any()
            }
        }
    }
}
