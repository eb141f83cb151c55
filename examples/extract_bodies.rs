//! Writes the extracted body of every page in a folder, one `<name>.txt` each,
//! for scoring with the extraction benchmark (`scripts/score-extraction`).

use std::{env, fs, path::Path, process::ExitCode, time::Instant};

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let [flag, input, output] = args.as_slice() else {
        eprintln!("usage: extract_bodies --html IN_DIR OUT_DIR");
        return ExitCode::FAILURE;
    };
    if flag != "--html" {
        eprintln!("usage: extract_bodies --html IN_DIR OUT_DIR");
        return ExitCode::FAILURE;
    }
    match run(Path::new(input), Path::new(output)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("extract_bodies: {error}");
            ExitCode::FAILURE
        }
    }
}

fn run(input: &Path, output: &Path) -> std::io::Result<()> {
    fs::create_dir_all(output)?;
    let mut pages: Vec<_> = fs::read_dir(input)?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    pages.retain(|path| {
        path.extension()
            .is_some_and(|ext| ext == "html" || ext == "htm")
    });
    pages.sort();
    let mut extracting = std::time::Duration::ZERO;
    for page in &pages {
        let bytes = fs::read(page)?;
        let html = String::from_utf8_lossy(&bytes);
        let started = Instant::now();
        let cleaned = copydesk::article::html::extract(&html);
        extracting += started.elapsed();
        let name = page.file_stem().unwrap_or_default().to_string_lossy();
        fs::write(
            output.join(format!("{name}.txt")),
            cleaned.body.join("\n\n"),
        )?;
    }
    eprintln!(
        "extracted {} pages in {:.3} s",
        pages.len(),
        extracting.as_secs_f64()
    );
    Ok(())
}
