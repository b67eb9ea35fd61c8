//! The audit journal, newest first, filtered by kind of operation, by outcome and by text
//! (a last-4 of a card, a machine id, a word of a refusal).

use super::{Books, JOURNAL_WINDOW, Named, RecordTable};
use crate::core::journal::{JournalEntry, Operation, Outcome};
use crate::ui::i18n::{t, t_string, td_string, use_i18n};
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
        // A reversal or a partial dispense follows the withdrawal it belongs to.
        Operation::Reversal { .. }
        | Operation::PartialDispense { .. }
        | Operation::Fee { .. }
        | Operation::DeclineFee { .. } => "withdraw",
        Operation::ReportProblem => "service on/off",
        Operation::SetFault { .. } | Operation::ClearFault { .. } => "device fault",
        Operation::ReturnCard => "return card",
        Operation::Fault { .. } => "device fault",
        Operation::CaptureCard => "card retained",
        Operation::RetractCash { .. } => "cash retracted",
    }
}

/// The filter's kinds: each by the name the journal writes (the option's value; the journal
/// stays English) and by its name in the chosen language (the option's text).
const KINDS: [(&str, Named); 25] = [
    ("insert card", |l| {
        td_string!(l, backoffice.journal.kind.insert_card)
    }),
    ("enter PIN", |l| {
        td_string!(l, backoffice.journal.kind.enter_pin)
    }),
    ("balance", |l| {
        td_string!(l, backoffice.journal.kind.balance)
    }),
    ("withdraw", |l| {
        td_string!(l, backoffice.journal.kind.withdraw)
    }),
    ("deposit", |l| {
        td_string!(l, backoffice.journal.kind.deposit)
    }),
    ("transfer", |l| {
        td_string!(l, backoffice.journal.kind.transfer)
    }),
    ("history", |l| {
        td_string!(l, backoffice.journal.kind.history)
    }),
    ("change PIN", |l| {
        td_string!(l, backoffice.journal.kind.change_pin)
    }),
    ("more time", |l| {
        td_string!(l, backoffice.journal.kind.more_time)
    }),
    ("logout", |l| td_string!(l, backoffice.journal.kind.logout)),
    ("session timeout", |l| {
        td_string!(l, backoffice.journal.kind.timeout)
    }),
    ("register user", |l| {
        td_string!(l, backoffice.journal.kind.register_user)
    }),
    ("open account", |l| {
        td_string!(l, backoffice.journal.kind.open_account)
    }),
    ("issue card", |l| {
        td_string!(l, backoffice.journal.kind.issue_card)
    }),
    ("register machine", |l| {
        td_string!(l, backoffice.journal.kind.register_machine)
    }),
    ("refill", |l| td_string!(l, backoffice.journal.kind.refill)),
    ("service on/off", |l| {
        td_string!(l, backoffice.journal.kind.service)
    }),
    ("unblock card", |l| {
        td_string!(l, backoffice.journal.kind.unblock)
    }),
    ("report stolen", |l| {
        td_string!(l, backoffice.journal.kind.report_stolen)
    }),
    ("update settings", |l| {
        td_string!(l, backoffice.journal.kind.update_settings)
    }),
    ("load bank", |l| {
        td_string!(l, backoffice.journal.kind.load_bank)
    }),
    ("device fault", |l| {
        td_string!(l, backoffice.journal.kind.fault)
    }),
    ("return card", |l| {
        td_string!(l, backoffice.journal.kind.return_card)
    }),
    ("card retained", |l| {
        td_string!(l, backoffice.journal.kind.capture_card)
    }),
    ("cash retracted", |l| {
        td_string!(l, backoffice.journal.kind.retract_cash)
    }),
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
    let i18n = use_i18n();
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
        let shown = shown.with(Vec::len);
        if total == JOURNAL_WINDOW {
            let window = JOURNAL_WINDOW;
            t_string!(i18n, backoffice.journal.count_window, shown, total, window)
        } else {
            t_string!(i18n, backoffice.journal.count, shown, total)
        }
    };
    view! {
        <h3>{t!(i18n, backoffice.section.journal)}</h3>
        <form class="bo-form bo-filter" aria-label=move || t_string!(i18n, backoffice.journal.filter_form)
            on:submit=|ev| ev.prevent_default()>
            <label>{t!(i18n, backoffice.journal.operation)}
                <select prop:value=move || filter.kind.get() on:change=move |ev| filter.kind.set(event_target_value(&ev))>
                    <option value="">{t!(i18n, backoffice.journal.all_operations)}</option>
                    {KINDS.iter().map(|&(value, name)| view! {
                        <option value=value>{move || name(i18n.get_locale())}</option>
                    }).collect_view()}
                </select>
            </label>
            <label>{t!(i18n, backoffice.journal.outcome)}
                <select prop:value=move || filter.outcome.get() on:change=move |ev| filter.outcome.set(event_target_value(&ev))>
                    <option value="">{t!(i18n, backoffice.journal.all_outcomes)}</option>
                    <option value="ok">{t!(i18n, backoffice.journal.ok)}</option>
                    <option value="refused">{t!(i18n, backoffice.journal.refused)}</option>
                </select>
            </label>
            <label>{t!(i18n, backoffice.journal.search)}
                <input type="search" autocomplete="off"
                    placeholder=move || t_string!(i18n, backoffice.journal.search_hint)
                    bind:value=filter.text />
            </label>
        </form>
        <p class="bo-count" role="status">{count}</p>
        <RecordTable label=|l| td_string!(l, backoffice.journal.entries)
            columns=|l| vec![
                td_string!(l, backoffice.journal.number),
                td_string!(l, backoffice.journal.time),
                td_string!(l, backoffice.column.atm),
                td_string!(l, backoffice.column.card),
                td_string!(l, backoffice.journal.operation),
                td_string!(l, backoffice.journal.result),
            ]>
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
