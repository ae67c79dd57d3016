//! The background pass over the pictures of a preview: `serve` plans
//! pictures from their headers so the first page is up at once, and this
//! pass decodes them one by one afterwards, so a damaged one is reported
//! (and its article shown without it) as `build` would, without anyone
//! opening its page. It gives way to rebuilds: it waits while one runs,
//! and runs at the lowest priority.

use std::sync::{Arc, Condvar, Mutex};

use super::http::Shared;

/// Tells the pass when a rebuild runs, and when it may have new pictures.
#[derive(Default)]
pub(crate) struct Gate {
    state: Mutex<State>,
    changed: Condvar,
}

#[derive(Default)]
struct State {
    rebuilding: bool,
    /// Counts rebuilds, so the pass knows when to look for new pictures.
    generation: u64,
}

impl Gate {
    /// A rebuild starts: the pass stops after the picture in hand.
    pub(crate) fn rebuilding(&self) {
        self.state
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .rebuilding = true;
    }

    /// A rebuild ended: the pass goes on, with any new pictures.
    pub(crate) fn rebuilt(&self) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.rebuilding = false;
        state.generation += 1;
        self.changed.notify_all();
    }

    /// Waits until no rebuild runs; returns the generation.
    fn idle(&self) -> u64 {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        while state.rebuilding {
            state = self.changed.wait(state).unwrap_or_else(|e| e.into_inner());
        }
        state.generation
    }

    /// Waits for a rebuild after `generation`.
    fn next_after(&self, generation: u64) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        while state.generation == generation || state.rebuilding {
            state = self.changed.wait(state).unwrap_or_else(|e| e.into_inner());
        }
    }
}

/// Starts the pass over the pictures `shared` serves (the current engine's).
pub(crate) fn spawn(shared: Arc<Shared>, gate: Arc<Gate>) {
    let _ = std::thread::Builder::new()
        .name("picture-check".into())
        .spawn(move || {
            lowest_priority();
            loop {
                let generation = gate.idle();
                let pictures = match shared.pictures.read() {
                    Ok(pictures) => Arc::clone(&*pictures),
                    Err(_) => return,
                };
                if !pictures.check_next() {
                    gate.next_after(generation);
                }
            }
        });
}

/// The thread yields the processor to rebuilds and to the server.
#[cfg(target_os = "linux")]
fn lowest_priority() {
    // On Linux a nice value belongs to a thread: this one (no pid given).
    let _ = rustix::process::setpriority_process(None, 19);
}

#[cfg(not(target_os = "linux"))]
fn lowest_priority() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pass_waits_for_a_rebuild_to_end_and_then_looks_again() {
        let gate = Arc::new(Gate::default());
        let first = gate.idle();
        gate.rebuilding();
        let waiter = {
            let gate = Arc::clone(&gate);
            std::thread::spawn(move || {
                let generation = gate.idle();
                gate.next_after(generation - 1);
                generation
            })
        };
        gate.rebuilt();
        assert_eq!(waiter.join().unwrap_or_default(), first + 1);
    }
}
