//! The time-series legend as DOM: a list or a table (calc columns) of `<button>`s.
//!
//! Contract: rows, texts and the isolate / toggle transitions come from
//! `promboard_core::chart::legend`; a click (or Enter / Space, which click a focused button)
//! isolates the series or shows all again, ctrl/cmd-click toggles it. The structure is built once
//! per view and only attributes follow the state, so keyboard focus stays on the button. The
//! root carries `id` (the chart canvas's `aria-describedby`) and `data-visible-series` (how many
//! series are drawn). A hidden legend (`displayMode: hidden`) is still rendered, without
//! buttons, for screen readers only: it is the chart's data table.

use std::sync::Arc;

use leptos::prelude::*;
use promboard_core::chart::legend::{
    click_action, legend_model, reduce, LegendDisplay, LegendModel, LegendState,
};
use promboard_core::model::Legend;
use promboard_core::panel::LegendItem;

#[component]
pub fn SeriesLegend(
    items: Arc<Vec<LegendItem>>,
    options: Legend,
    state: RwSignal<LegendState>,
    id: String,
) -> impl IntoView {
    let names = StoredValue::new(
        items
            .iter()
            .map(|i| i.name.clone())
            .collect::<Vec<String>>(),
    );
    let model = {
        let items = items.clone();
        Memo::new(move |_| state.with(|s| legend_model(&items, &options, s)))
    };
    let first: LegendModel = model.get_untracked();
    let visible = move |i: usize| model.with(|m| m.rows.get(i).is_some_and(|r| r.visible));
    let label =
        move |i: usize| model.with(|m| m.rows.get(i).map(|r| r.label.clone()).unwrap_or_default());
    let count = move || model.with(|m| m.visible_count().to_string());
    let act = move |i: usize, ev: web_sys::MouseEvent| {
        let action = click_action(i, ev.ctrl_key() || ev.meta_key());
        names.with_value(|names| state.update(|s| *s = reduce(s, names, action)));
    };
    let button = move |i: usize, content: AnyView| {
        view! {
            <button class="legend-entry" type="button" data-series-index=i.to_string()
                aria-pressed=move || visible(i).to_string() aria-label=move || label(i)
                on:click=move |ev| act(i, ev)>
                {content}
            </button>
        }
    };
    let swatch =
        |color: String| view! { <span class="swatch" style:background-color=color></span> };
    match first.display {
        LegendDisplay::List => view! {
            <div class="legend legend-list" class:legend-right=first.right id=id role="list"
                data-visible-series=count>
                {first.rows.into_iter().map(|r| {
                    let i = r.index;
                    view! {
                        <span class="legend-item" role="listitem" class:off=move || !visible(i)>
                            {button(i, view! { {swatch(r.color.clone())}<span>{r.list_text.clone()}</span> }.into_any())}
                        </span>
                    }
                }).collect_view()}
            </div>
        }
        .into_any(),
        LegendDisplay::Table | LegendDisplay::Hidden => {
            let hidden = first.display == LegendDisplay::Hidden;
            let columns = first.columns.clone();
            view! {
                <div class="legend legend-table" class:legend-right=first.right class:sr-only=hidden
                    id=id data-visible-series=count>
                    <table class="data">
                        <thead><tr>
                            <th scope="col">"Name"</th>
                            {columns.into_iter().map(|c| view! { <th scope="col">{c}</th> }).collect_view()}
                        </tr></thead>
                        <tbody>
                            {first.rows.into_iter().map(|r| {
                                let i = r.index;
                                let name = view! { {swatch(r.color.clone())}<span>{r.name.clone()}</span> }.into_any();
                                view! {
                                    <tr class:off=move || !visible(i)>
                                        <th scope="row">{if hidden { name } else { button(i, name).into_any() }}</th>
                                        {r.calcs.into_iter().map(|c| view! { <td>{c}</td> }).collect_view()}
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }
            .into_any()
        }
    }
}
