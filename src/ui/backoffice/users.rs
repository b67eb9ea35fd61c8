//! Users: who banks here, what each has withdrawn today, and registering a new one.

use super::{Books, Feedback, Outcome, RecordTable, Words, run};
use crate::core::UserId;
use crate::ui::Ctx;
use crate::ui::i18n::{t, t_string, td_string, use_i18n};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

#[component]
pub(super) fn Users(books: Books) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let i18n = use_i18n();
    let id = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let note: Feedback = RwSignal::new(None);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let user = UserId::from(id.get_untracked().trim());
        let full_name = name.get_untracked();
        let (store, now) = (ctx.store(), ctx.now());
        let op = async move {
            store.register_user(&user, &full_name, now).await?;
            Ok(user)
        };
        run(ctx, note, op, move |user| {
            id.set(String::new());
            name.set(String::new());
            Words::new(move |l| td_string!(l, backoffice.users.registered, user = &user))
        });
    };
    let rows = move || {
        let (now, offset) = (books.read_at.get(), books.offset());
        books
            .users
            .get()
            .into_iter()
            .map(|u| {
                view! {
                    <tr>
                        <td>{u.id.to_string()}</td>
                        <td>{u.name.to_string()}</td>
                        <td>{u.accounts.iter().map(|a| a.0.clone()).collect::<Vec<_>>().join(", ")}</td>
                        <td class="num">{u.cards.len()}</td>
                        <td class="num">{u.daily.on(now, offset).to_string()}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <h3>{t!(i18n, backoffice.section.users)}</h3>
        <RecordTable label=|l| td_string!(l, backoffice.users.list)
            columns=|l| vec![
                td_string!(l, backoffice.column.id),
                td_string!(l, backoffice.column.name),
                td_string!(l, backoffice.column.accounts),
                td_string!(l, backoffice.column.cards),
                td_string!(l, backoffice.users.withdrawn_today),
            ]>
            {rows}
        </RecordTable>
        <form class="bo-form" aria-label=move || t_string!(i18n, backoffice.users.register_form) on:submit=submit>
            <h4>{t!(i18n, backoffice.users.register_form)}</h4>
            <label>{t!(i18n, backoffice.users.user_id)} <input type="text" autocomplete="off" bind:value=id /></label>
            <label>{t!(i18n, backoffice.column.name)} <input type="text" autocomplete="off" bind:value=name /></label>
            <button type="submit">{t!(i18n, backoffice.users.register)}</button>
            <Outcome note=note />
        </form>
    }
}
