//! The bank's back office: users, accounts (with their full history), cards, machines, their
//! faults and health, settings, the audit journal and whole-bank data (export, import, reset).
//!
//! A secondary panel below the room: closed until a section is chosen, so the ATM stays the
//! centre of the page and the lists are only read from the store while someone looks at them.
//! Every form hands its input to the store, which runs the core's decision; a refusal shows
//! the core's own sentence next to the form and changes nothing.

mod accounts;
mod cards;
mod data;
mod faults;
mod health;
mod history;
mod journal;
mod machines;
mod settings;
mod users;

use super::Ctx;
use super::i18n::{Locale, t, t_string, td_string, use_i18n};
use crate::core::journal::JournalEntry;
use crate::core::{Account, Card, Machine, Settings, Timestamp, User};
use crate::store::{StoreError, StoreResult};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::future::Future;
use std::sync::Arc;

/// The back office's sections, one open at a time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Section {
    Users,
    Accounts,
    Cards,
    Machines,
    Faults,
    Health,
    Settings,
    Journal,
    Data,
}

impl Section {
    const ALL: [Section; 9] = [
        Section::Users,
        Section::Accounts,
        Section::Cards,
        Section::Machines,
        Section::Faults,
        Section::Health,
        Section::Settings,
        Section::Journal,
        Section::Data,
    ];

    /// The section's name in `locale`: its button and its heading.
    fn name(self, locale: Locale) -> &'static str {
        match self {
            Section::Users => td_string!(locale, backoffice.section.users),
            Section::Accounts => td_string!(locale, backoffice.section.accounts),
            Section::Cards => td_string!(locale, backoffice.section.cards),
            Section::Machines => td_string!(locale, backoffice.section.machines),
            Section::Faults => td_string!(locale, backoffice.devices.faults),
            Section::Health => td_string!(locale, backoffice.devices.health),
            Section::Settings => td_string!(locale, backoffice.section.settings),
            Section::Journal => td_string!(locale, backoffice.section.journal),
            Section::Data => td_string!(locale, backoffice.section.data),
        }
    }

    /// The panel's id, the same in every language (`backoffice-machine-health`).
    fn panel_id(self) -> String {
        let name = Section::name(self, Locale::en)
            .to_ascii_lowercase()
            .replace(' ', "-");
        format!("backoffice-{name}")
    }
}

/// How many journal entries the back office reads (newest first).
const JOURNAL_WINDOW: usize = 500;

/// The bank as the back office last read it.
#[derive(Clone, Copy)]
struct Books {
    users: RwSignal<Vec<User>>,
    accounts: RwSignal<Vec<Account>>,
    cards: RwSignal<Vec<Card>>,
    machines: RwSignal<Vec<Machine>>,
    settings: RwSignal<Option<Settings>>,
    journal: RwSignal<Vec<JournalEntry>>,
    /// When the lists were read: card statuses and today's totals are as of this moment.
    read_at: RwSignal<Timestamp>,
}

/// Sets `signal` only when the value differs, so unchanged lists do not re-render (and a
/// half-filled form inside them keeps its text).
fn set_if_changed<T: PartialEq + Send + Sync + 'static>(signal: RwSignal<T>, value: T) {
    if signal.with_untracked(|v| *v != value) {
        signal.set(value);
    }
}

impl Books {
    fn new(ctx: Ctx) -> Books {
        Books {
            users: RwSignal::new(Vec::new()),
            accounts: RwSignal::new(Vec::new()),
            cards: RwSignal::new(Vec::new()),
            machines: RwSignal::new(Vec::new()),
            settings: RwSignal::new(None),
            journal: RwSignal::new(Vec::new()),
            read_at: RwSignal::new(ctx.now()),
        }
    }

    /// Re-reads everything. A failed read keeps what was shown before.
    async fn load(self, ctx: Ctx) {
        let store = ctx.store();
        if let Ok(v) = store.users().await {
            set_if_changed(self.users, v);
        }
        if let Ok(v) = store.accounts().await {
            set_if_changed(self.accounts, v);
        }
        if let Ok(v) = store.cards().await {
            set_if_changed(self.cards, v);
        }
        if let Ok(v) = store.machines().await {
            set_if_changed(self.machines, v);
        }
        if let Ok(v) = store.settings().await {
            set_if_changed(self.settings, Some(v));
        }
        if let Ok(v) = store.journal(JOURNAL_WINDOW).await {
            set_if_changed(self.journal, v);
        }
        self.read_at.set(ctx.now());
    }

    /// Every user as an option of a select that picks a user by id ("Name (U001)").
    fn user_options(self) -> impl IntoView {
        move || {
            self.users
                .get()
                .into_iter()
                .map(|u| view! { <option value=u.id.to_string()>{format!("{} ({})", u.name, u.id)}</option> })
                .collect_view()
        }
    }

    /// The bank's local offset (for `HH:MM` and "today").
    fn offset(&self) -> crate::core::UtcOffset {
        self.settings
            .with(|s| s.as_ref().map(|s| s.utc_offset))
            .unwrap_or(crate::core::UtcOffset::UTC)
    }

    /// The name of a user, or the id when the user is unknown.
    fn user_name(&self, id: &crate::core::UserId) -> String {
        self.users.with(|us| {
            us.iter()
                .find(|u| &u.id == id)
                .map_or_else(|| id.to_string(), |u| u.name.to_string())
        })
    }
}

/// A fixed text of the back office in the language given (a label, a heading).
type Named = fn(Locale) -> &'static str;

/// A message of the back office, written when it is shown, in the language chosen then: a
/// switch of language rewrites the lines already on screen.
#[derive(Clone)]
struct Words(Arc<dyn Fn(Locale) -> String + Send + Sync>);

impl Words {
    fn new(say: impl Fn(Locale) -> String + Send + Sync + 'static) -> Words {
        Words(Arc::new(say))
    }

    /// A text that comes already written (a file's parse error, in English).
    fn as_is(text: String) -> Words {
        Words::new(move |_| text.clone())
    }

    /// The store's or the core's refusal, worded from its data in the language shown.
    fn problem(e: StoreError) -> Words {
        Words::new(move |l| crate::ui::words::problem(&e, l))
    }

    fn read(&self, locale: Locale) -> String {
        (self.0)(locale)
    }
}

/// What the last action of a form came to.
#[derive(Clone)]
enum Note {
    Done(Words),
    Refused(Words),
}

type Feedback = RwSignal<Option<Note>>;

/// The outcome line of a form: a status for success, an alert for a refusal. Both live
/// regions always exist so screen readers hear each new message.
#[component]
fn Outcome(note: Feedback) -> impl IntoView {
    let i18n = use_i18n();
    let done = move || match note.get() {
        Some(Note::Done(w)) => w.read(i18n.get_locale()),
        _ => String::new(),
    };
    let refused = move || match note.get() {
        Some(Note::Refused(w)) => w.read(i18n.get_locale()),
        _ => String::new(),
    };
    view! {
        <div class="bo-outcome">
            <p class="bo-done" role="status">{done}</p>
            <p class="bo-refused" role="alert">{refused}</p>
        </div>
    }
}

/// Runs a store command; on success shows `done`, calls `on_ok` and tells every read-out to
/// reload, on failure shows the refusal as it is.
fn run<T: 'static>(
    ctx: Ctx,
    note: Feedback,
    op: impl Future<Output = StoreResult<T>> + 'static,
    on_ok: impl FnOnce(T) -> Words + 'static,
) {
    spawn_local(async move {
        match op.await {
            Ok(value) => {
                note.set(Some(Note::Done(on_ok(value))));
                ctx.refresh();
            }
            Err(e) => note.set(Some(Note::Refused(Words::problem(e)))),
        }
    });
}

/// A table of records (the children are its rows) in a horizontally scrolling holder, focusable
/// so keyboard users can scroll it; `label` names the holder for assistive technology. Both
/// the label and the column headings are given per language.
#[component]
fn RecordTable(
    label: Named,
    columns: fn(Locale) -> Vec<&'static str>,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let heads = move || {
        columns(i18n.get_locale())
            .into_iter()
            .map(|c| view! { <th scope="col">{c}</th> })
            .collect_view()
    };
    view! {
        <div class="bo-scroll" tabindex="0" role="group" aria-label=move || label(i18n.get_locale())>
            <table class="bo-table">
                <thead><tr>{heads}</tr></thead>
                <tbody>{children()}</tbody>
            </table>
        </div>
    }
}

/// The sections' code. A module of its own in Trunk's builds (the `split` feature; see
/// scripts/split-wasm/wasm-bindgen), fetched the first time a section opens or is pointed at:
/// a visitor who never goes near the back office never downloads it.
#[derive(Clone, Copy)]
struct SectionCode {
    body: fn(Section, Books) -> AnyView,
    load: fn(Books, Ctx),
}

/// A failed fetch is not remembered: the next time a section opens, the fetch is tried again.
type Loaded = Result<SectionCode, leptos::wasm_split::SplitLoaderError>;

#[cfg_attr(
    feature = "split",
    leptos::wasm_split::wasm_split(backoffice, wasm_split_path = ::leptos::wasm_split, fallible)
)]
fn section_code() -> Loaded {
    Ok(SectionCode {
        body: section_body,
        load: |books, ctx| spawn_local(books.load(ctx)),
    })
}

async fn load_section_code() -> Loaded {
    #[cfg(feature = "split")]
    let code = section_code().await;
    #[cfg(not(feature = "split"))]
    let code = section_code();
    code
}

fn section_body(s: Section, books: Books) -> AnyView {
    match s {
        Section::Users => view! { <users::Users books=books /> }.into_any(),
        Section::Accounts => view! { <accounts::Accounts books=books /> }.into_any(),
        Section::Cards => view! { <cards::Cards books=books /> }.into_any(),
        Section::Machines => view! { <machines::Machines books=books /> }.into_any(),
        Section::Faults => view! { <faults::Faults books=books /> }.into_any(),
        Section::Health => view! { <health::Health books=books /> }.into_any(),
        Section::Settings => view! { <settings::SettingsForm books=books /> }.into_any(),
        Section::Journal => view! { <journal::Journal books=books /> }.into_any(),
        Section::Data => view! { <data::Data /> }.into_any(),
    }
}

#[component]
pub fn BackOffice() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let i18n = use_i18n();
    let open = RwSignal::new(None::<Section>);
    let books = Books::new(ctx);
    let code = RwSignal::new(None::<SectionCode>);
    let failed = RwSignal::new(false);
    // Fetches the sections' code unless it is here (two calls at once share one fetch).
    let fetch_code = move || {
        if code.with_untracked(Option::is_none) {
            spawn_local(async move {
                match load_section_code().await {
                    Ok(loaded) => code.set(Some(loaded)),
                    Err(_) => failed.set(true),
                }
            });
        }
    };
    // Read the bank while a section is open, and again after every change.
    Effect::new(move |_| {
        ctx.version.track();
        if open.get().is_some() {
            match code.get() {
                Some(code) => (code.load)(books, ctx),
                None => fetch_code(),
            }
        }
    });
    let tabs = Section::ALL
        .iter()
        .map(|&s| {
            let expanded = move || open.get() == Some(s);
            view! {
                <button type="button" class="bo-tab"
                    aria-expanded=move || expanded().to_string()
                    aria-controls=s.panel_id()
                    on:click=move |_| {
                        failed.set(false);
                        open.update(|o| *o = if *o == Some(s) { None } else { Some(s) });
                    }>
                    {move || s.name(i18n.get_locale())}
                </button>
            }
        })
        .collect_view();
    let panel = move || {
        open.get().map(|s| {
            let body = move || match code.get() {
                Some(code) => Some((code.body)(s, books)),
                // Shown when the sections' code could not be fetched.
                None if failed.get() => {
                    Some(view! { <p role="alert">{t!(i18n, backoffice.not_loaded)}</p> }.into_any())
                }
                None => None,
            };
            view! { <div class="bo-panel" id=s.panel_id()>{body}</div> }
        })
    };
    view! {
        <section class="backoffice" role="region"
            aria-label=move || t_string!(i18n, backoffice.title)>
            <h2>{t!(i18n, backoffice.title)}</h2>
            <p class="bo-intro">{t!(i18n, backoffice.intro)}</p>
            // A pointer over the sections or the focus on one is a head start on the fetch.
            <nav class="bo-tabs" aria-label=move || t_string!(i18n, backoffice.sections)
                on:pointerenter=move |_| fetch_code() on:focusin=move |_| fetch_code()>
                {tabs}
            </nav>
            {panel}
        </section>
    }
}
