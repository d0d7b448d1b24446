//! The time-series legend as DOM: a list or a table (calc columns) of `<button>`s.
//!
//! Contract: rows, texts and the isolate / toggle transitions come from
//! `promboard_core::chart::legend`; a click (or Enter / Space, which click a focused button)
//! isolates the series or shows all again, ctrl/cmd-click toggles it. Rows are keyed by series
//! (index, name): a refresh or a click only updates texts and attributes, so keyboard focus
//! stays on the button. The
//! root carries `id` (the chart canvas's `aria-describedby`) and `data-visible-series` (how many
//! series are drawn). A hidden legend (`displayMode: hidden`) is still rendered, without
//! buttons, for screen readers only: it is the chart's data table.

use std::sync::Arc;

use leptos::prelude::*;
use promboard_core::chart::legend::{
    click_action, legend_model, reduce, LegendDisplay, LegendRow, LegendState,
};
use promboard_core::model::Legend;
use promboard_core::panel::LegendItem;

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
    let keys = move || {
        model.with(|m| {
            m.rows
                .iter()
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
                    data-visible-series=count>
                    <For each=keys key=|k| k.clone() let((i, _name))>
                        <span class="legend-item" role="listitem" class:off=move || !visible(i)>
                            {button(i, view! { {swatch(i)}<span>{text(i, |r| r.list_text.clone())}</span> }.into_any())}
                        </span>
                    </For>
                </div>
            }
            .into_any(),
            LegendDisplay::Table | LegendDisplay::Hidden => {
                let hidden = display == LegendDisplay::Hidden;
                let columns = move || model.with(|m| m.columns.clone());
                view! {
                    <div class="legend legend-table" class:legend-right=right class:sr-only=hidden
                        id=id.clone() data-visible-series=count>
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
                    </div>
                }
                .into_any()
            }
        }
    }
}
