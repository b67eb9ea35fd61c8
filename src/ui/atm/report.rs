//! Skimmer awareness (SPEC.md "Coach, demos and runs"): a skimmer a scenario fitted over the
//! card slot, and the button anyone at the machine can press to report a problem with it. The
//! core takes the machine out of service and journals the report; this only shows it.

use super::super::coach;
use super::super::i18n::{t, t_string, use_i18n};
use super::super::words;
use super::Machine;
use crate::core::Machine as MachineRecord;
use crate::flow::Activity;
use crate::flow::coach::Control;
use leptos::prelude::*;

/// The machine the customer stands at, as the bank has it, reloaded whenever the bank changes.
pub fn here(machine: Machine) -> LocalResource<Option<MachineRecord>> {
    let ctx = machine.ctx;
    LocalResource::new(move || {
        ctx.version.track();
        let id = ctx.machine.get();
        async move { ctx.store().machine(&id).await.ok().flatten() }
    })
}

/// A skimmer over the card slot: a bulky piece that does not match the fascia, described for
/// screen readers by its accessible name. A learner is meant to notice it, so it is not labelled
/// on screen.
#[component]
pub fn Skimmer(here: LocalResource<Option<MachineRecord>>) -> impl IntoView {
    let i18n = use_i18n();
    let fitted = move || here.get().flatten().is_some_and(|m| m.skimmer);
    view! {
        <Show when=fitted>
            <div class="skimmer" role="img" aria-label=move || t_string!(i18n, fees.skimmer)
                title=move || t_string!(i18n, fees.skimmer)></div>
        </Show>
    }
}

/// `Report a problem with this machine`: disabled while the machine is out of service (the
/// machine bar says so), with what became of the report in a polite live region.
#[component]
pub fn ReportProblem(
    machine: Machine,
    here: LocalResource<Option<MachineRecord>>,
) -> impl IntoView {
    let ctx = machine.ctx;
    let i18n = use_i18n();
    let report = Action::new_local(move |_: &()| {
        let (store, now, id) = (ctx.store(), ctx.now(), ctx.machine.get_untracked());
        async move { store.report_problem(&id, now).await }
    });
    // The goals hear the core's reply like any other outcome; the read-outs reload.
    Effect::new(move |_| {
        if let Some(Ok(reply)) = report.value().get() {
            machine.activity.report(Activity::Outcome(Ok(reply)));
        }
        if report.value().with(Option::is_some) {
            ctx.refresh();
        }
    });
    // A report from another machine does not speak for this one.
    Effect::new(move |_| {
        ctx.machine.track();
        report.value().set(None);
    });
    let out_of_service = move || here.get().flatten().is_none_or(|m| !m.in_service);
    let status = move || {
        report.value().get().map(|r| match r {
            Ok(_) => t_string!(i18n, fees.reported).to_string(),
            Err(e) => words::problem(&e, i18n.get_locale()),
        })
    };
    view! {
        <div class="report-problem">
            <button type="button" class="report"
                class:coach-target=coach::ringed(Control::ReportProblem)
                aria-describedby=coach::described(Control::ReportProblem)
                disabled=move || out_of_service() || report.pending().get()
                on:click=move |_| {
                    report.dispatch(());
                }>{t!(i18n, fees.report)}</button>
            <p class="report-status" role="status">{status}</p>
        </div>
    }
}
