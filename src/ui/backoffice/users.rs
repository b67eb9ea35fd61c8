//! Users: who banks here, what each has withdrawn today, and registering a new one.

use super::{Books, Feedback, Outcome, RecordTable, run};
use crate::core::UserId;
use crate::ui::Ctx;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

#[component]
pub(super) fn Users(books: Books) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
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
            format!("Registered user {user}")
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
        <h3>"Users"</h3>
        <RecordTable label="Users list"
            columns=&["ID", "Name", "Accounts", "Cards", "Withdrawn today"]>
            {rows}
        </RecordTable>
        <form class="bo-form" aria-label="Register a user" on:submit=submit>
            <h4>"Register a user"</h4>
            <label>"User ID" <input type="text" autocomplete="off" bind:value=id /></label>
            <label>"Name" <input type="text" autocomplete="off" bind:value=name /></label>
            <button type="submit">"Register user"</button>
            <Outcome note=note />
        </form>
    }
}
