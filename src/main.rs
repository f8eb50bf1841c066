//! The `groomscan` binary: parses flags (in `cli`), runs, and maps the result to an exit
//! code. All behaviour lives in the library.

mod cli;

use groomscan::pipeline::ExitStatus;

// mimalloc: per-message Strings and vectors are allocated and freed from every thread;
// glibc's allocator spent ~14% of scan time there and kept freed memory in per-thread
// arenas (see BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let status = match cli::main() {
        Ok(status) => status,
        Err(e) if is_broken_pipe(&*e) => ExitStatus::Ok,
        Err(e) => {
            cli::say("", e);
            ExitStatus::Error
        }
    };
    std::process::exit(status as i32);
}

fn is_broken_pipe(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut cur = Some(e);
    while let Some(err) = cur {
        if let Some(io) = err.downcast_ref::<std::io::Error>()
            && io.kind() == std::io::ErrorKind::BrokenPipe
        {
            return true;
        }
        cur = err.source();
    }
    false
}
