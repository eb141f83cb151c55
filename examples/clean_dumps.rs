//! Cleans every `.txt` dump in a folder and writes each body to another folder, so the
//! cleaner can be scored against extraction benchmarks.
//!
//! Usage: `clean_dumps IN_DIR OUT_DIR [--bench-1mb]`. With `--bench-1mb` it also times
//! cleaning one document of about a megabyte built from the inputs laid end to end.

use std::path::Path;
use std::time::{Duration, Instant};
use std::{env, fs, process};

use copydesk::article::normalize::normalize;
use copydesk::article::text_dump::clean;

const MEGABYTE: usize = 1 << 20;
const BENCH_RUNS: u32 = 10;

fn main() {
    let args: Vec<String> = env::args().skip(1).collect();
    let (input, output) = match args.as_slice() {
        [input, output, ..] => (Path::new(input), Path::new(output)),
        _ => {
            eprintln!("usage: clean_dumps IN_DIR OUT_DIR [--bench-1mb]");
            process::exit(2);
        }
    };
    let bench = args.iter().any(|a| a == "--bench-1mb");
    if let Err(error) = run(input, output, bench) {
        eprintln!("clean_dumps: {error}");
        process::exit(1);
    }
}

fn run(input: &Path, output: &Path, bench: bool) -> std::io::Result<()> {
    fs::create_dir_all(output)?;
    let mut paths: Vec<_> = fs::read_dir(input)?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .collect();
    paths.sort();
    let mut texts = Vec::with_capacity(paths.len());
    let mut spent = Duration::ZERO;
    let mut warned = 0;
    for path in &paths {
        let text = normalize(&fs::read_to_string(path)?);
        let started = Instant::now();
        let cleaned = clean(&text);
        spent += started.elapsed();
        if !cleaned.warnings.is_empty() {
            warned += 1;
            for warning in &cleaned.warnings {
                eprintln!("{}: {warning}", path.display());
            }
        }
        let name = path.file_name().unwrap_or_default();
        fs::write(output.join(name), cleaned.body.join("\n\n"))?;
        texts.push(text);
    }
    eprintln!(
        "cleaned {} files in {:.1} ms ({warned} with warnings)",
        paths.len(),
        spent.as_secs_f64() * 1000.0
    );
    if bench && !texts.is_empty() {
        bench_megabyte(&texts);
    }
    Ok(())
}

fn bench_megabyte(texts: &[String]) {
    let mut big = String::with_capacity(MEGABYTE + MEGABYTE / 8);
    for text in texts.iter().cycle() {
        if big.len() >= MEGABYTE {
            break;
        }
        big.push_str(text);
        big.push_str("\n\n");
    }
    let mut fastest = Duration::MAX;
    let mut total = Duration::ZERO;
    for _ in 0..BENCH_RUNS {
        let started = Instant::now();
        let cleaned = clean(&big);
        let elapsed = started.elapsed();
        std::hint::black_box(cleaned);
        fastest = fastest.min(elapsed);
        total += elapsed;
    }
    eprintln!(
        "1 MB bench: {} bytes, {} lines, fastest {:.2} ms, mean {:.2} ms over {BENCH_RUNS} runs",
        big.len(),
        big.lines().count(),
        fastest.as_secs_f64() * 1000.0,
        total.as_secs_f64() * 1000.0 / f64::from(BENCH_RUNS)
    );
}
