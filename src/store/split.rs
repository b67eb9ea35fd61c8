//! What the store's split points share. Release builds (the `split` feature) make parts of the
//! store's code wasm modules of their own, fetched the first time they are needed: the scenario
//! code ([`super::building`]) and the code of a session's requests ([`super::session_code`]).
//! Each is reached only through a function that returns plain function pointers, so nothing in
//! the main module calls it directly (see ARCHITECTURE.md, "Code fetched when first used").

use std::fmt;

/// A split-off part of the code could not be fetched. Not remembered: the next call fetches
/// again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotLoaded;

/// What a failed fetch says.
pub const NOT_LOADED: &str =
    "The simulator's code for this could not be loaded. Check the connection, then try again";

impl fmt::Display for NotLoaded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(NOT_LOADED)
    }
}

impl std::error::Error for NotLoaded {}

#[cfg(all(feature = "split", target_arch = "wasm32"))]
impl From<leptos::wasm_split::SplitLoaderError> for NotLoaded {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> NotLoaded {
        NotLoaded
    }
}

/// Declares the way in to split point `$split` (a function returning `Result<$code, NotLoaded>`
/// under `#[wasm_split]` in split builds): `code()`, which fetches the module on the first call
/// in split builds (calls made meanwhile share the fetch) and is ready at once elsewhere, and
/// `prefetch()`, which starts that fetch without waiting for it.
macro_rules! way_in {
    ($split:ident -> $code:ty) => {
        /// The code: fetched on the first call in split builds, at once elsewhere.
        pub async fn code() -> Result<$code, $crate::store::split::NotLoaded> {
            #[cfg(all(feature = "split", target_arch = "wasm32"))]
            let code = $split().await;
            #[cfg(not(all(feature = "split", target_arch = "wasm32")))]
            let code = $split();
            code
        }

        /// Starts fetching the code without waiting for it, so that it is here, or on its way,
        /// by the time it is needed.
        #[cfg(target_arch = "wasm32")]
        pub fn prefetch() {
            $crate::store::split::prefetch(code());
        }
    };
}
pub(crate) use way_in;

/// Starts `fetch` (a split point's loader) without waiting for it, so that the code is here, or
/// on its way, by the time it is needed. Calls made meanwhile share the fetch.
#[cfg(target_arch = "wasm32")]
pub fn prefetch<T>(fetch: impl std::future::Future<Output = Result<T, NotLoaded>> + 'static) {
    wasm_bindgen_futures::spawn_local(async {
        let _ = fetch.await;
    });
}

/// The output of a future that must be ready at once, as everything behind a split point is
/// outside split builds.
#[cfg(test)]
pub(crate) fn ready_now<F: std::future::Future>(f: F) -> F::Output {
    let mut f = std::pin::pin!(f);
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    match f.as_mut().poll(&mut cx) {
        std::task::Poll::Ready(v) => v,
        std::task::Poll::Pending => panic!("not ready at once"),
    }
}
