//! A guarded worker for third-party parsers: a panic becomes an error for that file, and a parser
//! that runs away is given up on after a timeout.
//!
//! Each guarded call runs on its own thread with a large stack (deeply nested PDF objects recurse),
//! inside `catch_unwind`, and the caller waits at most `timeout` for the answer. Limits of this
//! approach, by design of the platform rather than of this code:
//! - a thread cannot be killed: after a timeout the worker is left running detached until it
//!   ends, still holding its memory (the CLI exits right after reporting the error);
//! - a stack overflow aborts the process and cannot be caught; the 256 MiB stack makes it far less
//!   likely (lopdf also caps nesting depth in its object parser).
//!
//! Panics inside the worker are not printed: a process-wide panic hook, installed once, stays
//! silent on worker threads and defers to the previous hook everywhere else.

use std::any::Any;
use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc;
use std::sync::Once;
use std::thread;
use std::time::Duration;

/// Stack for a worker. Only touched pages are committed, so this costs address space, not memory.
const STACK_BYTES: usize = 256 * 1024 * 1024;

thread_local! {
    static IN_WORKER: Cell<bool> = const { Cell::new(false) };
}

/// How a guarded call failed.
#[derive(Debug)]
pub(crate) enum Failure {
    /// The parser panicked; the panic message.
    Panicked(String),
    /// No answer within the timeout.
    TimedOut,
    /// The worker thread could not be started.
    Spawn(std::io::Error),
}

/// Run `f` on a guarded worker thread and wait at most `timeout` for its result.
pub(crate) fn run<T, F>(timeout: Duration, f: F) -> Result<T, Failure>
where
    T: Send + 'static,
    F: FnOnce() -> T + Send + 'static,
{
    install_quiet_hook();
    let (tx, rx) = mpsc::sync_channel(1);
    thread::Builder::new()
        .name("skillgap-reader".into())
        .stack_size(STACK_BYTES)
        .spawn(move || {
            IN_WORKER.with(|w| w.set(true));
            let result = panic::catch_unwind(AssertUnwindSafe(f));
            // The receiver is gone after a timeout; nothing is left to tell.
            let _ = tx.send(result);
        })
        .map_err(Failure::Spawn)?;
    match rx.recv_timeout(timeout) {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(payload)) => Err(Failure::Panicked(panic_message(payload.as_ref()))),
        Err(mpsc::RecvTimeoutError::Timeout) => Err(Failure::TimedOut),
        Err(mpsc::RecvTimeoutError::Disconnected) => Err(Failure::Panicked(
            "the reader stopped without an answer".into(),
        )),
    }
}

fn install_quiet_hook() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !IN_WORKER.with(Cell::get) {
                previous(info);
            }
        }));
    });
}

/// A caught panic's message as one line of at most 200 characters, for an error that names the
/// document it happened on.
pub fn panic_message(payload: &(dyn Any + Send)) -> String {
    let text = if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic".to_string()
    };
    // One line, and not a page of debug output.
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match one_line.char_indices().nth(200) {
        Some((cut, _)) => format!("{}…", &one_line[..cut]),
        None => one_line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_panic_and_timeout() {
        let t = Duration::from_secs(5);
        assert_eq!(run(t, || 41 + 1).unwrap(), 42);
        match run(t, || -> u32 { panic!("bad\nxref {}", 7) }) {
            Err(Failure::Panicked(m)) => assert_eq!(m, "bad xref 7"),
            other => panic!("{other:?}"),
        }
        let slow = run(Duration::from_millis(50), || {
            thread::sleep(Duration::from_millis(500));
        });
        assert!(matches!(slow, Err(Failure::TimedOut)), "{slow:?}");
    }
}
