//! `copydesk eval` and `copydesk agree` on the command line: printing the numbers.
//! The work is in `copydesk::evaluate`.

use std::process::ExitCode;

use copydesk::article::LoadOptions;
use copydesk::evaluate::agree::agree as run_agree;
use copydesk::evaluate::eval::{Evaluation, evaluate, evaluate_predictions};
use copydesk::interchange::import::ImportFormat;
use copydesk::terminal_safe;

use crate::BAD_INPUT;
use crate::cli_export::import_options;

fn finish(problems: &[String], found: usize, what: &str, output: String) -> ExitCode {
    for problem in problems {
        eprintln!("copydesk: {}", terminal_safe(problem));
    }
    if found == 0 {
        eprintln!("copydesk: no {what}");
        return ExitCode::from(BAD_INPUT);
    }
    print!("{output}");
    if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(BAD_INPUT)
    }
}

/// An outside extractor's file to score in place of what the sidecars record of it.
pub struct Predictions {
    pub file: String,
    pub format: ImportFormat,
    pub load: LoadOptions,
}

pub fn eval(
    paths: &[String],
    origin: Option<String>,
    predictions: Option<Predictions>,
    json: bool,
) -> ExitCode {
    let evaluation = match predictions {
        None => evaluate(paths, origin.as_deref()),
        Some(Predictions { file, format, load }) => {
            let options = import_options(format, origin, Vec::new(), Default::default(), load);
            match evaluate_predictions(paths, &file, &options) {
                Ok(evaluation) => evaluation,
                Err(error) => {
                    eprintln!(
                        "copydesk: {}: {}",
                        terminal_safe(&file),
                        terminal_safe(&error.to_string())
                    );
                    return ExitCode::from(BAD_INPUT);
                }
            }
        }
    };
    report(&evaluation, json)
}

fn report(evaluation: &Evaluation, json: bool) -> ExitCode {
    let output = if json {
        format!("{:#}\n", evaluation.json())
    } else {
        evaluation.table()
    };
    finish(
        &evaluation.problems,
        evaluation.sidecars,
        "sidecar found to evaluate",
        output,
    )
}

pub fn agree(a: &str, b: &str, json: bool) -> ExitCode {
    let agreement = run_agree(a, b);
    let output = if json {
        format!("{:#}\n", agreement.json())
    } else {
        agreement.table()
    };
    let found = agreement.articles;
    finish(
        &agreement.problems,
        found,
        "article annotated in both sets",
        output,
    )
}
