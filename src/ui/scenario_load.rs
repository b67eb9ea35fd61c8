//! Putting a scenario in place: one path for the seed demos, files by URL and imports, and the
//! reset to the demo bank, so every way in resets the machine, the clock, the inboxes, the hints
//! and the goals alike, and switches to the scenario's language (`lang`) if it names one.

use super::Ctx;
use super::atm::Machine;
use super::goals::ScenarioRun;
use super::i18n::{I18nLocaleTrait, Locale, td_string};
use crate::core::{AtmError, MachineId, Scenario};
use crate::store::StoreError;
use crate::store::entropy::OsEntropy;
use leptos::prelude::*;

/// Which scenario to put in place.
#[derive(Clone)]
pub enum Source {
    /// The built-in demo bank.
    Demo,
    /// Seed demo `n`.
    SeedDemo(u8),
    /// A scenario file's text.
    File(String),
    /// A scenario file's text from the page's link: a `?lang=` in the same link wins over the
    /// scenario's `lang`.
    Link(String),
}

/// Why a scenario was not put in place. Kept as data so it is worded in the language of the
/// moment.
#[derive(Clone, Debug, PartialEq)]
pub enum Refused {
    NoSuchDemo(u8),
    /// The scenario broke a rule (the message names the field) or the storage failed.
    Store(StoreError),
}

impl From<AtmError> for Refused {
    fn from(e: AtmError) -> Refused {
        Refused::Store(StoreError::Rule(e))
    }
}

impl From<StoreError> for Refused {
    fn from(e: StoreError) -> Refused {
        Refused::Store(e)
    }
}

impl Refused {
    pub fn words(&self, locale: Locale) -> String {
        match self {
            Refused::NoSuchDemo(n) => td_string!(locale, scenarios.no_such, n = n),
            Refused::Store(e) => crate::ui::words::problem(e, locale),
        }
    }
}

/// The codes of the languages the app speaks, for checking a scenario's `lang`.
fn languages() -> Vec<&'static str> {
    Locale::get_all().iter().map(|l| l.as_str()).collect()
}

/// Parses a scenario file and checks its `lang`.
fn parse(text: &str) -> Result<Scenario, AtmError> {
    let scenario = Scenario::from_json(text)?;
    scenario.language(&languages())?;
    Ok(scenario)
}

/// Reads, validates and builds the scenario, then replaces the bank with it. On error nothing
/// has changed and the message, in the current language, names the field
/// (`users[0].cards[0].pin: A PIN has 4 to 6 digits`).
pub async fn load(
    ctx: Ctx,
    machine: Machine,
    run: ScenarioRun,
    source: Source,
) -> Result<(), String> {
    put_in_place(ctx, machine, run, source)
        .await
        .map_err(|r| r.words(run.i18n.get_locale_untracked()))
}

/// [`load`], saying why not as data.
pub async fn put_in_place(
    ctx: Ctx,
    machine: Machine,
    run: ScenarioRun,
    source: Source,
) -> Result<(), Refused> {
    let follow_lang = match &source {
        Source::Link(_) => !super::scenario_url::link_names_language(),
        _ => true,
    };
    run.source.set_value(Some(source.clone()));
    let scenario = match source {
        Source::Demo => Scenario::demo(),
        Source::SeedDemo(n) => Scenario::seed_demo(n).ok_or(Refused::NoSuchDemo(n))?,
        Source::File(text) | Source::Link(text) => parse(&text)?,
    };
    let built = scenario.build(ctx.now(), ctx.clock.zone_untracked(), &OsEntropy)?;
    let zone = built.snapshot.settings.utc_offset;
    ctx.store().replace(built.snapshot).await?;
    // Whatever a scenario link had put in place is gone now (the link notes its own load after).
    super::scenario_url::mark_replaced();
    ctx.clock.set_zone(zone);
    ctx.clock.set(built.clock);
    machine.reset();
    ctx.phone.set(Vec::new());
    ctx.email.set(Vec::new());
    if let Some(first) = scenario.machines.first() {
        ctx.machine.set(MachineId::from(first.id.as_str()));
    }
    if follow_lang {
        let chosen = scenario.lang.as_deref().and_then(super::language::parse);
        if let Some(locale) = chosen {
            run.i18n.set_locale(locale);
        }
    }
    show(ctx, run, scenario);
    Ok(())
}

/// Shows a scenario file whose bank is already in place (a reload of the page its link
/// opened): its name, goals and hints; the bank, the clock, the machine and the language stay
/// as they are (the learner may have chosen another language since).
pub fn resume(ctx: Ctx, run: ScenarioRun, text: &str) -> Result<(), Refused> {
    let scenario = parse(text)?;
    show(ctx, run, scenario);
    Ok(())
}

fn show(ctx: Ctx, run: ScenarioRun, mut scenario: Scenario) {
    ctx.hints.set(std::mem::take(&mut scenario.hints));
    run.begin(scenario);
    ctx.refresh();
}
