//! `copydesk eval` and `copydesk agree` on the command line: printing the numbers.
//! The work is in `copydesk::evaluate`.

use std::process::ExitCode;

use copydesk::evaluate::{agree::agree as run_agree, eval::evaluate};
use copydesk::terminal_safe;

use crate::BAD_INPUT;

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

pub fn eval(paths: &[String], origin: Option<&str>, json: bool) -> ExitCode {
    let evaluation = evaluate(paths, origin);
    let output = if json {
        format!("{:#}\n", evaluation.json())
    } else {
        evaluation.table()
    };
    let found = evaluation.sidecars;
    finish(
        &evaluation.problems,
        found,
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
