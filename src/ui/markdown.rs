//! Text panels: Markdown rendered as elements from `promboard_core::markdown`'s tree (never
//! `inner_html`), so raw HTML in the source shows as text; links only with a safe `href`.

use leptos::prelude::*;
use promboard_core::markdown::{self, Block, Inline};

/// The body of a text panel: Markdown when `markdown`, else the text as written.
pub fn text_panel(text: &str, markdown: bool) -> AnyView {
    if !markdown {
        return view! { <div class="text-panel">{text.to_owned()}</div> }.into_any();
    }
    let blocks = markdown::parse(text);
    view! { <div class="text-panel markdown">{blocks.into_iter().map(block).collect_view()}</div> }
        .into_any()
}

fn block(b: Block) -> AnyView {
    match b {
        Block::Heading { level, content } => {
            let c = inlines(content);
            match level {
                1 => view! { <h1>{c}</h1> }.into_any(),
                2 => view! { <h2>{c}</h2> }.into_any(),
                3 => view! { <h3>{c}</h3> }.into_any(),
                4 => view! { <h4>{c}</h4> }.into_any(),
                5 => view! { <h5>{c}</h5> }.into_any(),
                _ => view! { <h6>{c}</h6> }.into_any(),
            }
        }
        Block::Paragraph(c) => view! { <p>{inlines(c)}</p> }.into_any(),
        Block::Quote(c) => view! { <blockquote>{inlines(c)}</blockquote> }.into_any(),
        Block::List { ordered, items } => {
            let items = items
                .into_iter()
                .map(|i| view! { <li>{inlines(i)}</li> })
                .collect_view();
            if ordered {
                view! { <ol>{items}</ol> }.into_any()
            } else {
                view! { <ul>{items}</ul> }.into_any()
            }
        }
        Block::Code(code) => view! { <pre><code>{code}</code></pre> }.into_any(),
        Block::Rule => view! { <hr/> }.into_any(),
    }
}

fn inlines(list: Vec<Inline>) -> AnyView {
    list.into_iter().map(inline).collect_view().into_any()
}

fn inline(i: Inline) -> AnyView {
    match i {
        Inline::Text(t) => t.into_any(),
        Inline::Code(t) => view! { <code>{t}</code> }.into_any(),
        Inline::Emphasis(c) => view! { <em>{inlines(c)}</em> }.into_any(),
        Inline::Strong(c) => view! { <strong>{inlines(c)}</strong> }.into_any(),
        Inline::Link {
            href: Some(href),
            content,
        } => view! {
            <a href=href target="_blank" rel="noopener noreferrer">{inlines(content)}</a>
        }
        .into_any(),
        Inline::Link {
            href: None,
            content,
        } => view! { <span class="unsafe-link" title="not a web link">{inlines(content)}</span> }
            .into_any(),
    }
}
