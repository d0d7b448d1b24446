//! One query row's editor: a transparent `<textarea>` over a highlighted copy of its text
//! (`promboard_core::explore::segments`, rendered as text nodes), checked as you type by the
//! on-demand PromQL module (`crate::lazy::promql`), with completion from
//! `promboard_core::explore::{context, suggestions, apply}` fed by the datasource's cached
//! metric names, label names and values. Format and Explain call the same module.
//!
//! DOM contract: the textarea has `data-testid="expr-N"`; the check state is
//! `data-check` = `empty | checking | ok | error | unavailable` on the row
//! (`data-testid="query-row-N"`); an error shows as `data-testid="expr-error-N"` with
//! `data-error-start` / `data-error-end` (bytes) and the marked text in `.pq-error`; the
//! completion list is `data-testid="completions"` with items `data-label` / `data-kind`
//! (`aria-selected` on the current one); the explain tree is `data-testid="explain-N"` with
//! nodes `data-depth` / `data-kind`.

use leptos::prelude::*;
use leptos::task::spawn_local;
use promboard_core::explore::catalog;
use promboard_core::explore::complete::LIMIT;
use promboard_core::explore::{self, Expect, Item, Sources};
use promboard_promql::{CheckOutput, ExplainNode, ExplainOutput, ExprInput, FormatOutput, Problem};

use super::explore::ExploreCtx;

/// Byte offset of UTF-16 index `u` in `s`.
fn byte_at_utf16(s: &str, u: u32) -> usize {
    let mut n = 0u32;
    for (i, c) in s.char_indices() {
        if n >= u {
            return i;
        }
        n += c.len_utf16() as u32;
    }
    s.len()
}

fn utf16_at_byte(s: &str, b: usize) -> u32 {
    s.char_indices()
        .take_while(|(i, _)| *i < b)
        .map(|(_, c)| c.len_utf16() as u32)
        .sum()
}

async fn call<T: serde::de::DeserializeOwned>(op: &str, expr: &str) -> Result<T, String> {
    let input = serde_json::to_string(&ExprInput {
        expr: expr.to_owned(),
    })
    .map_err(|e| e.to_string())?;
    let out = crate::lazy::promql(op, &input)
        .await
        .map_err(|e| e.to_string())?;
    serde_json::from_str::<T>(&out).map_err(|_| {
        serde_json::from_str::<promboard_promql::DispatchError>(&out)
            .map(|e| e.error)
            .unwrap_or_else(|e| e.to_string())
    })
}

#[component]
pub fn QueryEditor(
    index: Memo<usize>,
    value: RwSignal<String>,
    on_run: Callback<()>,
    on_remove: Callback<()>,
    removable: Memo<bool>,
) -> impl IntoView {
    let Some(ectx) = use_context::<ExploreCtx>() else {
        return ().into_any();
    };
    let area = NodeRef::<leptos::html::Textarea>::new();
    let cursor = RwSignal::new(0usize);
    let open = RwSignal::new(false);
    // Ctrl+Space asked for the list (also where nothing is typed yet after an expression).
    let forced = RwSignal::new(false);
    let selected = RwSignal::new(0usize);
    let problem = RwSignal::new(None::<Problem>);
    let state = RwSignal::new("empty");
    let unavailable = RwSignal::new(String::new());
    let explain_on = RwSignal::new(false);
    let explained = RwSignal::new(None::<Result<Vec<ExplainNode>, String>>);
    let generation = StoredValue::new(0u64);

    // Check on every change; a newer text makes older answers stale.
    Effect::new(move || {
        let text = value.get();
        let want_explain = explain_on.get();
        let mut gen = 0;
        generation.update_value(|g| {
            *g += 1;
            gen = *g;
        });
        if text.trim().is_empty() {
            problem.set(None);
            state.set("empty");
            explained.set(None);
            return;
        }
        state.set("checking");
        spawn_local(async move {
            let got = call::<CheckOutput>("check", &text).await;
            if generation.try_get_value() != Some(gen) {
                return;
            }
            match got {
                Ok(out) => {
                    let _ = problem.try_set(out.problem);
                    let _ = state.try_set(if out.ok { "ok" } else { "error" });
                }
                Err(e) => {
                    let _ = problem.try_set(None);
                    let _ = unavailable.try_set(e);
                    let _ = state.try_set("unavailable");
                }
            }
            if want_explain {
                let tree = call::<ExplainOutput>("explain", &text).await;
                if generation.try_get_value() != Some(gen) {
                    return;
                }
                let shown = match tree {
                    Ok(out) => match out.problem {
                        Some(p) => Err(p.message),
                        None => Ok(out.nodes),
                    },
                    Err(e) => Err(e),
                };
                let _ = explained.try_set(Some(shown));
            }
        });
    });

    let context = Memo::new(move |_| {
        let t = value.get();
        explore::context(&t, cursor.get())
    });
    let items = Memo::new(move |_| {
        if !open.get() {
            return Vec::<Item>::new();
        }
        let c = context.get();
        let metrics;
        let list;
        let mut src = Sources::default();
        match &c.expect {
            Expect::Nothing => return Vec::new(),
            Expect::MetricOrFunction => {
                metrics = ectx.metrics_now();
                src.metrics = &metrics;
            }
            Expect::LabelName { selector } | Expect::GroupingLabel { selector } => {
                list = ectx.list_now(None, selector);
                src.labels = &list;
            }
            Expect::LabelValue {
                label, selector, ..
            } => {
                list = ectx.list_now(Some(label), selector);
                src.values = &list;
            }
            // After a complete expression, only when a word is started or asked for: the list
            // would cover the error line while typing.
            Expect::Operator { .. } if c.prefix.is_empty() && !forced.get() => return Vec::new(),
            Expect::Duration | Expect::Operator { .. } => {}
        }
        explore::suggestions(&c, &src, LIMIT)
    });

    let sync_cursor = move || {
        if let Some(el) = area.get_untracked() {
            let pos = el.selection_start().ok().flatten().unwrap_or(0);
            let text = el.value();
            cursor.set(byte_at_utf16(&text, pos));
        }
    };
    let place_caret = move |text: String, at: usize| {
        if let Some(el) = area.get_untracked() {
            let u = utf16_at_byte(&text, at);
            el.set_value(&text);
            let _ = el.set_selection_range(u, u);
            let _ = el.focus();
        }
    };
    let accept = move |i: usize| {
        let list = items.get_untracked();
        let Some(it) = list.get(i) else { return };
        let c = context.get_untracked();
        let (text, at) = explore::apply(&value.get_untracked(), &c, it);
        place_caret(text.clone(), at);
        value.set(text);
        cursor.set(at);
        selected.set(0);
        // Keep the list open: a label name continues with its values.
        open.set(true);
    };

    let on_input = move |_| {
        if let Some(el) = area.get_untracked() {
            value.set(el.value());
        }
        sync_cursor();
        selected.set(0);
        forced.set(false);
        open.set(true);
    };
    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        let key = ev.key();
        let n = items.with_untracked(Vec::len);
        let listing = open.get_untracked() && n > 0;
        match key.as_str() {
            "ArrowDown" if listing => {
                ev.prevent_default();
                selected.update(|s| *s = (*s + 1) % n);
            }
            "ArrowUp" if listing => {
                ev.prevent_default();
                selected.update(|s| *s = (*s + n - 1) % n);
            }
            "Tab" if listing => {
                ev.prevent_default();
                accept(selected.get_untracked());
            }
            "Enter" if listing && !ev.ctrl_key() && !ev.shift_key() => {
                ev.prevent_default();
                accept(selected.get_untracked());
            }
            "Enter" if !ev.shift_key() => {
                ev.prevent_default();
                open.set(false);
                on_run.run(());
            }
            "Escape" => open.set(false),
            " " if ev.ctrl_key() => {
                ev.prevent_default();
                sync_cursor();
                forced.set(true);
                open.set(true);
            }
            _ => {}
        }
    };
    let on_keyup = move |ev: web_sys::KeyboardEvent| {
        if matches!(
            ev.key().as_str(),
            "ArrowLeft" | "ArrowRight" | "Home" | "End"
        ) {
            sync_cursor();
        }
    };

    let format = move |_| {
        let text = value.get_untracked();
        spawn_local(async move {
            if let Ok(FormatOutput {
                formatted: Some(f), ..
            }) = call::<FormatOutput>("format", &text).await
            {
                let _ = value.try_set(f);
            }
        });
    };

    let segments = move || {
        let text = value.get();
        let err = problem.get().map(|p| (p.start, p.end));
        explore::segments(&text, err)
            .into_iter()
            .map(|s| {
                let class = if s.error {
                    format!("{} pq-error", s.class)
                } else {
                    s.class.to_owned()
                };
                view! { <span class=class>{s.text}</span> }
            })
            .collect_view()
    };
    let rows = move || value.with(|v| v.lines().count().max(1) + usize::from(v.ends_with('\n')));

    let completion_list = move || {
        let list = items.get();
        if list.is_empty() {
            return None;
        }
        let sel = selected.get().min(list.len() - 1);
        let doc = list
            .get(sel)
            .map(|it| (it.detail.clone(), it.doc.clone()))
            .unwrap_or_default();
        Some(view! {
            <div class="pq-completions">
                <ul role="listbox" data-testid="completions">
                    {list.into_iter().enumerate().map(|(i, it)| {
                        let kind = it.kind.as_str();
                        view! {
                            <li role="option" data-label=it.label.clone() data-kind=kind aria-selected=(i == sel).to_string()
                                class:active=i == sel
                                on:mousedown=move |ev: web_sys::MouseEvent| { ev.prevent_default(); accept(i); }>
                                <span class=format!("pq-kind pq-kind-{kind}")>{kind.chars().next().unwrap_or(' ').to_string()}</span>
                                <span class="pq-label">{it.label.clone()}</span>
                                <span class="pq-detail">{it.detail.clone()}</span>
                            </li>
                        }
                    }).collect_view()}
                </ul>
                {(!doc.0.is_empty() || !doc.1.is_empty()).then(|| view! {
                    <div class="pq-doc"><code>{doc.0}</code><p>{doc.1}</p></div>
                })}
            </div>
        })
    };

    let problem_line = move || {
        let st = state.get();
        match (st, problem.get()) {
            ("error", Some(p)) => Some(view! {
                <div class="pq-problem" role="alert" data-testid=move || format!("expr-error-{}", index.get())
                    data-error-start=p.start.to_string() data-error-end=p.end.to_string()>
                    {format!("Line {}, column {}: {}", p.line, p.column, p.message)}
                </div>
            }.into_any()),
            ("unavailable", _) => Some(view! {
                <div class="pq-problem muted">{move || format!("Checking unavailable: {}", unavailable.get())}</div>
            }.into_any()),
            _ => None,
        }
    };

    let explain_view = move || {
        if !explain_on.get() {
            return None;
        }
        Some(match explained.get() {
            None => view! { <div class="pq-explain muted">"Explaining…"</div> }.into_any(),
            Some(Err(m)) => view! { <div class="pq-explain muted">{format!("Cannot explain: {m}")}</div> }.into_any(),
            Some(Ok(nodes)) => view! {
                <ul class="pq-explain" data-testid=move || format!("explain-{}", index.get())>
                    {nodes.into_iter().map(|n| {
                        let doc = n.function.as_deref().and_then(catalog::lookup).map(|e| format!("{} — {}", e.signature, e.doc));
                        view! {
                            <li data-depth=n.depth.to_string() data-kind=n.kind.clone()
                                style:padding-left=format!("{}px", 8 + 20 * n.depth)>
                                <code class="pq-node">{n.text}</code>
                                <span class="pq-desc">{n.description}</span>
                                {doc.map(|d| view! { <span class="pq-fdoc">{d}</span> })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any(),
        })
    };

    view! {
        <div class="query-row" data-testid=move || format!("query-row-{}", index.get()) data-check=move || state.get()>
            <span class="query-ref">{move || ((b'A' + (index.get() % 26) as u8) as char).to_string()}</span>
            <div class="pq-editor">
                <pre class="pq-highlight" aria-hidden="true">{segments}"\n"</pre>
                <textarea node_ref=area class="pq-input" spellcheck="false" autocomplete="off"
                    aria-label="PromQL query" placeholder="Enter a PromQL query (Ctrl+Space completes)"
                    data-testid=move || format!("expr-{}", index.get())
                    rows=rows
                    prop:value=move || value.get()
                    on:input=on_input on:keydown=on_keydown on:keyup=on_keyup
                    on:click=move |_| sync_cursor()
                    on:blur=move |_| open.set(false)></textarea>
                {completion_list}
            </div>
            <div class="query-buttons">
                <button title="Pretty-print the query" data-testid="format" on:click=format
                    disabled=move || state.get() != "ok">"Format"</button>
                <button title="Show what each part of the query does" data-testid="explain"
                    class:active=move || explain_on.get()
                    on:click=move |_| explain_on.update(|e| *e = !*e)>"Explain"</button>
                <button title="Remove this query" data-testid="remove-query" aria-label="Remove query"
                    disabled=move || !removable.get() on:click=move |_| on_remove.run(())>"✕"</button>
            </div>
            {problem_line}
            {explain_view}
        </div>
    }
    .into_any()
}
