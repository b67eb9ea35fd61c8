//! The audit journal, newest first, filtered by kind of operation, by outcome and by text
//! (a last-4 of a card, a machine id, a word of a refusal).

use super::{Books, JOURNAL_WINDOW, RecordTable};
use crate::core::journal::{JournalEntry, Operation, Outcome};
use leptos::prelude::*;

/// Lower case as the browser folds it (`String.prototype.toLowerCase`), so "émile" finds
/// "Émile". Rust's own `to_lowercase` would bring its Unicode case tables into the wasm
/// (about 14 KB) for this one search box.
fn lowercase(text: &str) -> String {
    js_sys::JsString::from(text).to_lower_case().into()
}

/// The kinds of operation the filter offers, named as the journal writes them.
fn kind(op: &Operation) -> &'static str {
    match op {
        Operation::InsertCard => "insert card",
        Operation::EnterPin => "enter PIN",
        Operation::Balance => "balance",
        Operation::Withdraw { .. } => "withdraw",
        Operation::Deposit { .. } => "deposit",
        Operation::Transfer { .. } => "transfer",
        Operation::History => "history",
        Operation::ChangePin => "change PIN",
        Operation::MoreTime => "more time",
        Operation::Logout => "logout",
        Operation::Timeout => "session timeout",
        Operation::RegisterUser => "register user",
        Operation::OpenAccount => "open account",
        Operation::IssueCard => "issue card",
        Operation::RegisterMachine => "register machine",
        Operation::Refill => "refill",
        Operation::SetInService { .. } => "service on/off",
        Operation::Unblock => "unblock card",
        Operation::ReportStolen => "report stolen",
        Operation::UpdateSettings => "update settings",
        Operation::LoadBank => "load bank",
    }
}

const KINDS: [&str; 21] = [
    "insert card",
    "enter PIN",
    "balance",
    "withdraw",
    "deposit",
    "transfer",
    "history",
    "change PIN",
    "more time",
    "logout",
    "session timeout",
    "register user",
    "open account",
    "issue card",
    "register machine",
    "refill",
    "service on/off",
    "unblock card",
    "report stolen",
    "update settings",
    "load bank",
];

/// What the auditor asked to see.
#[derive(Clone, Copy)]
struct Filter {
    kind: RwSignal<String>,
    outcome: RwSignal<String>,
    text: RwSignal<String>,
}

impl Filter {
    fn keeps(&self, e: &JournalEntry) -> bool {
        let kind_ok = self
            .kind
            .with(|k| k.is_empty() || k == kind(&e.draft.operation));
        let outcome_ok = self.outcome.with(|o| {
            matches!(
                (o.as_str(), &e.draft.outcome),
                ("ok", Outcome::Ok) | ("refused", Outcome::Refused(_)) | ("", _)
            )
        });
        let text_ok = self.text.with(|t| {
            let t = lowercase(t.trim());
            t.is_empty() || lowercase(&e.to_string()).contains(&t)
        });
        kind_ok && outcome_ok && text_ok
    }
}

fn entry_row(e: JournalEntry) -> impl IntoView {
    let d = e.draft;
    let (result, class) = match d.outcome {
        Outcome::Ok => ("ok".to_string(), "ok"),
        Outcome::Refused(why) => (format!("refused: {why}"), "refused"),
    };
    view! {
        <tr>
            <td class="num">{e.seq}</td>
            <td>{d.at.to_utc_string()}</td>
            <td>{d.machine.map(|m| m.to_string()).unwrap_or_default()}</td>
            <td>{d.card.map(|c| c.to_string()).unwrap_or_default()}</td>
            <td>{d.operation.to_string()}</td>
            <td class=class>{result}</td>
        </tr>
    }
}

#[component]
pub(super) fn Journal(books: Books) -> impl IntoView {
    let filter = Filter {
        kind: RwSignal::new(String::new()),
        outcome: RwSignal::new(String::new()),
        text: RwSignal::new(String::new()),
    };
    let shown = Memo::new(move |_| {
        books.journal.with(|all| {
            all.iter()
                .filter(|e| filter.keeps(e))
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let count = move || {
        let total = books.journal.with(Vec::len);
        let window = if total == JOURNAL_WINDOW {
            format!(" (the newest {JOURNAL_WINDOW})")
        } else {
            String::new()
        };
        format!(
            "Showing {} of {total} entries{window}",
            shown.with(Vec::len)
        )
    };
    view! {
        <h3>"Journal"</h3>
        <form class="bo-form bo-filter" aria-label="Filter the journal" on:submit=|ev| ev.prevent_default()>
            <label>"Operation"
                <select prop:value=move || filter.kind.get() on:change=move |ev| filter.kind.set(event_target_value(&ev))>
                    <option value="">"All operations"</option>
                    {KINDS.iter().map(|k| view! { <option value=*k>{*k}</option> }).collect_view()}
                </select>
            </label>
            <label>"Outcome"
                <select prop:value=move || filter.outcome.get() on:change=move |ev| filter.outcome.set(event_target_value(&ev))>
                    <option value="">"All outcomes"</option>
                    <option value="ok">"ok"</option>
                    <option value="refused">"refused"</option>
                </select>
            </label>
            <label>"Search"
                <input type="search" autocomplete="off" placeholder="last 4, ATM id, word"
                    bind:value=filter.text />
            </label>
        </form>
        <p class="bo-count" role="status">{count}</p>
        <RecordTable label="Journal entries"
            columns=&["#", "Time (UTC)", "ATM", "Card", "Operation", "Result"]>
            {move || shown.get().into_iter().map(entry_row).collect_view()}
        </RecordTable>
    }
}

#[cfg(test)]
mod tests {
    use super::lowercase;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn the_search_folds_case_beyond_ascii() {
        assert_eq!(
            lowercase("ÉMILE Ça Incorrect PIN"),
            "émile ça incorrect pin"
        );
        assert_eq!(lowercase("•••• 9012"), "•••• 9012");
        assert_eq!(lowercase(""), "");
    }
}
