//! The machine's shell: it holds the reducer's state ([`crate::flow::Atm`]) in a signal, feeds
//! it inputs, and carries out its commands: the bank's requests through an `Action` (whose
//! `pending()` is the busy flag), the activities to the listeners, the read-outs' reload.

use super::super::Ctx;
use super::super::activity::ActivitySink;
use super::super::host_log::HostLog;
use crate::core::{CardNumber, SessionRequest, Settings};
use crate::flow::{Ask, Atm, Display, HISTORY_LINES, Input};
use leptos::prelude::*;
use std::time::Duration;

/// How long a request may take before the screen says "Please wait…". Most answers come well
/// within it, and then the screen changes once, straight to the answer.
const WAIT_NOTICE_AFTER: Duration = Duration::from_millis(150);

/// Everything but the actions, so the actions' own tasks can step the reducer.
#[derive(Clone, Copy)]
struct Shell {
    ctx: Ctx,
    state: RwSignal<Atm>,
    activity: ActivitySink,
    /// The bank's settings (for the "more time" prompt), read again whenever the bank changes.
    settings: LocalResource<Option<Settings>>,
    /// The read-outs' reload after this machine's own answer is queued (see [`Shell::refresh`]).
    refresh_queued: StoredValue<bool, LocalStorage>,
    /// The bank's `version` as of this machine's last word with the store: a newer one means the
    /// bank changed elsewhere (the back office, another tab).
    heard: StoredValue<u32, LocalStorage>,
    /// Every exchange with the bank, as the host sees it.
    host: HostLog,
}

impl Shell {
    /// Feeds `input` to the reducer and carries out the command; a request for the bank is
    /// returned to be sent.
    fn step(&self, input: Input) -> Option<Ask> {
        let mut command = None;
        self.state.update(|atm| {
            let (next, c) = std::mem::take(atm).step(input);
            *atm = next;
            command = Some(c);
        });
        let command = command?;
        for activity in command.report {
            self.activity.report(activity);
        }
        if command.refresh {
            self.refresh();
        }
        command.ask
    }

    /// Asks the bank and turns its answer into the reducer's input.
    async fn answer(&self, ask: Ask) -> Input {
        let ctx = self.ctx;
        let store = ctx.store();
        let machine = ctx.machine.get_untracked();
        let now = ctx.now();
        match ask {
            Ask::Card(card, request) => {
                let answer = store.card(&machine, &card, request.clone(), now).await;
                self.host.card(&card, &request, &answer, now);
                Input::Card(answer)
            }
            Ask::Session(id, request) => {
                let answer = store.session(&machine, id, request.clone(), now).await;
                let card = self.state.with_untracked(|s| s.card.clone());
                self.host.session(card.as_ref(), &request, &answer, now);
                Input::Session(answer)
            }
            Ask::History(account) => {
                Input::History(store.history(&account, HISTORY_LINES).await, ctx.offset())
            }
            Ask::Retract(id, card) => {
                let answer = store
                    .session(&machine, id, SessionRequest::Retract, now)
                    .await;
                self.host
                    .session(Some(&card), &SessionRequest::Retract, &answer, now);
                Input::Retracted(answer)
            }
            Ask::Tick(id) => Input::Ticked(
                id,
                store.session(&machine, id, SessionRequest::Tick, now).await,
            ),
        }
    }

    /// Asks the read-outs (wallet, machine cash, back office) to reload after this machine's own
    /// answer, in a task after the one that shows it: the answer reaches the screen first. Calls
    /// within one task reload once. This machine knows what it did, so it is not news to it.
    fn refresh(&self) {
        if self.refresh_queued.get_value() {
            return;
        }
        self.refresh_queued.set_value(true);
        let shell = *self;
        set_timeout(
            move || {
                shell.refresh_queued.try_set_value(false);
                shell.ctx.refresh();
                if let Some(version) = shell.ctx.version.try_get_untracked() {
                    shell.heard.try_set_value(version);
                }
            },
            Duration::ZERO,
        );
    }
}

/// The machine as the components see it: `Copy`, shared through context.
#[derive(Clone, Copy)]
pub struct Machine {
    pub ctx: Ctx,
    shell: Shell,
    /// The reducer's state: the components read it, and change it only by [`Machine::send`].
    pub state: ReadSignal<Atm>,
    pub display: Memo<Display>,
    /// The card in the slot (inside, or out and waiting to be taken).
    pub card: Memo<Option<CardNumber>>,
    /// A request is out to the bank: keys and soft keys wait for its answer.
    pub busy: Memo<bool>,
    /// The request has taken long enough for the screen to say "Please wait…".
    pub waiting: RwSignal<bool>,
    /// Listeners hear what happens here (goals, the embedding bridge).
    pub activity: ActivitySink,
    /// A customer's requests, one at a time (with their follow-ups, such as a history's entries).
    requests: Action<Ask, ()>,
    /// The heartbeat's questions, which keys do not wait for.
    ticks: Action<Ask, ()>,
}

impl Machine {
    pub fn new(ctx: Ctx) -> Machine {
        let state = RwSignal::new(Atm::default());
        let shell = Shell {
            ctx,
            state,
            activity: ActivitySink::default(),
            settings: LocalResource::new(move || {
                ctx.version.track();
                async move { ctx.store().settings().await.ok() }
            }),
            refresh_queued: StoredValue::new_local(false),
            heard: StoredValue::new_local(ctx.version.get_untracked()),
            host: expect_context::<HostLog>(),
        };
        let run = move |ask: &Ask| {
            let first = ask.clone();
            async move {
                let mut next = Some(first);
                while let Some(ask) = next {
                    let input = shell.answer(ask).await;
                    next = shell.step(input);
                }
            }
        };
        let requests = Action::new_local(run);
        let waiting = RwSignal::new(false);
        let busy = requests.pending();
        // "Please wait…" only once a request has been out for a moment.
        Effect::new(move |notice: Option<Option<TimeoutHandle>>| {
            if let Some(Some(notice)) = notice {
                notice.clear();
            }
            if busy.get() {
                set_timeout_with_handle(move || waiting.set(true), WAIT_NOTICE_AFTER).ok()
            } else {
                if waiting.get_untracked() {
                    waiting.set(false);
                }
                None
            }
        });
        // The bank changed elsewhere: the next tick asks about the session.
        Effect::new(move |_| {
            if ctx.version.get() != shell.heard.get_value() {
                shell.heard.set_value(ctx.version.get_untracked());
                shell.step(Input::BankChanged);
            }
        });
        Machine {
            ctx,
            shell,
            state: state.read_only(),
            display: Memo::new(move |_| state.with(Atm::display)),
            card: Memo::new(move |_| state.with(|s| s.card.clone())),
            busy,
            waiting,
            activity: shell.activity,
            requests,
            ticks: Action::new_local(run),
        }
    }

    /// Feeds an input to the machine and sends whatever it asks of the bank.
    pub fn send(&self, input: Input) {
        match self.shell.step(input) {
            Some(ask @ Ask::Tick(_)) => {
                self.ticks.dispatch_local(ask);
            }
            Some(ask) => {
                self.requests.dispatch_local(ask);
            }
            None => {}
        }
    }

    pub fn insert(&self, card: CardNumber) {
        let machine = self.ctx.machine.get_untracked();
        self.send(Input::Insert { card, machine });
    }

    /// Back to the welcome screen with nothing in the machine and an empty host log (a new bank
    /// was loaded).
    pub fn reset(&self) {
        self.send(Input::Reset);
        self.shell.host.clear();
    }

    /// Shows a notice on the screen.
    pub fn notice(&self, text: String) {
        self.send(Input::Notice(text));
    }

    /// The one-second heartbeat, at the simulated time.
    pub fn tick(&self) {
        let prompt_secs = self
            .shell
            .settings
            .get_untracked()
            .flatten()
            .unwrap_or_default()
            .more_time_prompt_secs;
        self.send(Input::Tick {
            now: self.ctx.now(),
            prompt_secs: i64::from(prompt_secs),
        });
    }
}
