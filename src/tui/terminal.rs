//! The real terminal: raw mode and the alternate screen, restored however the reader
//! ends (quit, panic, Ctrl-C, SIGTERM, SIGHUP), and the event loop that feeds the app.

use std::io::{self, Stdout, stdout};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::cursor::{Hide, Show};
use ratatui::crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event, MouseButton, MouseEventKind,
};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};

use super::saver::Saver;
use super::worker::Worker;

use super::app::{App, MouseInput};
use super::effect::Effect;
use super::key::KeyChord;
use super::render::render;

/// Puts the terminal back as it was. Safe to call twice and from a panic hook.
pub fn restore() {
    let _ = disable_raw_mode();
    let _ = execute!(stdout(), DisableMouseCapture, LeaveAlternateScreen, Show);
}

/// Restores the terminal when dropped, so an early `?` return cannot leave it raw.
struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        restore();
    }
}

fn enter(mouse: bool) -> io::Result<Guard> {
    enable_raw_mode()?;
    let guard = Guard;
    execute!(stdout(), EnterAlternateScreen, Hide)?;
    if mouse {
        execute!(stdout(), EnableMouseCapture)?;
    }
    Ok(guard)
}

/// A panic prints its message on a restored terminal instead of into the raw screen.
fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}

/// Runs the reader until the person quits or a signal arrives. `worker` does what the
/// app asks for off the UI thread; its results are shown as they arrive. Returns, one
/// line each, where decisions that could not be saved were put.
pub fn run(mut app: App, mouse: bool, mut worker: Worker) -> io::Result<Vec<String>> {
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [
        signal_hook::consts::SIGINT,
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
    ] {
        signal_hook::flag::register(signal, Arc::clone(&stop))?;
    }
    install_panic_hook();
    let finished = Arc::new(AtomicBool::new(false));
    watch_for_hangup(Arc::clone(&stop), Arc::clone(&finished));
    let _guard = enter(mouse)?;
    let mut terminal: Terminal<CrosstermBackend<Stdout>> =
        Terminal::new(CrosstermBackend::new(stdout()))?;
    let saver = Saver::spawn();
    let mut dirty = true;
    let mut resized = false;
    while !app.should_quit && !stop.load(Ordering::Relaxed) {
        if follow_size(&mut app, &terminal)? {
            resized = true;
            dirty = true;
        }
        if resized {
            // The terminal may have scrolled or reflowed what was on screen while
            // resizing; a diff against the old frame would leave stale cells behind.
            terminal.clear()?;
            resized = false;
        }
        if dirty {
            terminal.draw(|frame| render(&app, frame))?;
            dirty = false;
            worker.start();
            worker.send(app.take_jobs());
            // Debug builds only: lets scripts/tmux-test check that a panic restores the
            // terminal, which no real input can be relied on to cause.
            #[cfg(debug_assertions)]
            if std::env::var_os("COPYDESK_DEBUG_PANIC").is_some() {
                panic!("COPYDESK_DEBUG_PANIC is set");
            }
            // The sidebar's groups and counts follow an edit in the next frame, so the
            // edit itself reaches the screen first.
            if app.refresh_sidebar() {
                dirty = true;
                continue;
            }
        }
        if event::poll(Duration::from_millis(100))? {
            // Take every queued event before drawing again, so held keys never lag.
            loop {
                // Resize events can come late, after keys typed at the new size, and
                // carry a size that is already gone: the terminal itself is asked
                // instead, before every event.
                if follow_size(&mut app, &terminal)? {
                    resized = true;
                    dirty = true;
                }
                let (drawn, effects) = handle(&mut app, event::read()?);
                dirty |= drawn;
                dirty |= app.run_effects(effects);
                if app.should_quit || !event::poll(Duration::ZERO)? {
                    break;
                }
            }
        }
        let finished: Vec<_> = worker.results.try_iter().collect();
        if !finished.is_empty() {
            app.apply(finished);
            dirty = true;
        }
        dirty |= app.poll_feeds();
        // Decisions are written off this thread once the frame showing them is drawn,
        // within a second.
        let saved: Vec<_> = saver.results.try_iter().collect();
        if !saved.is_empty() {
            let report = app.desk.finish_saves(saved);
            app.report_saves(report);
            dirty = true;
        }
        if !dirty && app.desk.save_due(Instant::now()) {
            let (jobs, report) = app.desk.take_saves(Instant::now());
            app.report_saves(report);
            saver.send(jobs);
        }
    }
    // Saves under way finish, then whatever came after them is written here; what still
    // cannot be written goes to rescue files, named once the terminal is back.
    let report = app.desk.finish_saves(saver.finish());
    app.report_saves(report);
    app.save_all();
    let rescued = app.desk.rescue_unsaved();
    finished.store(true, Ordering::Relaxed);
    Ok(rescued)
}

/// How long the reader may take to wind down by itself after a signal or a hangup.
const GRACE: Duration = Duration::from_secs(1);

/// A closed terminal window leaves the reader on a hung-up tty, where crossterm's
/// `event::poll` spins forever without returning (crossterm issue #793), so the loop
/// never sees the SIGHUP flag and the process would burn a core indefinitely. This
/// thread notices the signal or the hangup itself and, if the loop has not ended
/// within [`GRACE`], restores what it can and exits.
fn watch_for_hangup(stop: Arc<AtomicBool>, finished: Arc<AtomicBool>) {
    std::thread::spawn(move || {
        while !stop.load(Ordering::Relaxed) && !terminal_hung_up() {
            std::thread::sleep(Duration::from_millis(250));
        }
        stop.store(true, Ordering::Relaxed);
        std::thread::sleep(GRACE);
        if !finished.load(Ordering::Relaxed) {
            restore();
            std::process::exit(0);
        }
    });
}

/// Whether standard input's terminal has gone away (its window was closed).
fn terminal_hung_up() -> bool {
    let mut stdin = libc::pollfd {
        fd: libc::STDIN_FILENO,
        events: 0,
        revents: 0,
    };
    // SAFETY: one valid pollfd, a zero timeout; poll only writes `revents`.
    let ready = unsafe { libc::poll(&mut stdin, 1, 0) };
    ready > 0 && stdin.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0
}

/// Gives the app the terminal's current size; true when it changed.
fn follow_size(app: &mut App, terminal: &Terminal<CrosstermBackend<Stdout>>) -> io::Result<bool> {
    let size = terminal.size()?;
    if (size.width, size.height) == (app.width, app.height) {
        return Ok(false);
    }
    app.set_size(size.width, size.height);
    Ok(true)
}

/// Applies one terminal event: whether the screen needs drawing, and the disk work the
/// event asks for.
fn handle(app: &mut App, event: Event) -> (bool, Vec<Effect>) {
    match event {
        Event::Key(key) => match KeyChord::from_event(&key) {
            Some(chord) => (true, app.handle_key(chord)),
            None => (false, Vec::new()),
        },
        Event::Mouse(mouse) => {
            let (column, row) = (mouse.column, mouse.row);
            let input = match mouse.kind {
                MouseEventKind::ScrollUp => MouseInput::ScrollUp { column, row },
                MouseEventKind::ScrollDown => MouseInput::ScrollDown { column, row },
                MouseEventKind::Down(MouseButton::Left) => MouseInput::Click { column, row },
                _ => return (false, Vec::new()),
            };
            (true, app.handle_mouse(input))
        }
        // The size is taken from the terminal before each event (see `run`).
        Event::Resize(..) => (true, Vec::new()),
        _ => (false, Vec::new()),
    }
}
