//! `promboard-workload`: serve the live metrics or write an OpenMetrics backfill.
//!
//! Contract: `serve --listen ADDR --anchor UNIX_S` binds exactly ADDR; `backfill --anchor S
//! --start S --end S --step S --instance HOST:PORT --out FILE` writes FILE (`-` for stdout).
//! Bad usage prints the usage and a reason on stderr and exits 2; runtime errors exit 1.

use promboard_workload::{serve, write_openmetrics};
use std::collections::HashMap;
use std::process::ExitCode;

const USAGE: &str = "usage:
  promboard-workload serve --listen 127.0.0.1:PORT --anchor UNIX_S
  promboard-workload backfill --anchor UNIX_S --start UNIX_S --end UNIX_S --step SECONDS \\
                              --instance HOST:PORT --out FILE
serve:    /metrics (all stacks), /metrics/<anivault|magacin|integration|muejam|spheroseg>, /-/healthy
backfill: OpenMetrics with job=<stack id> and instance=<HOST:PORT> on every series, for
          `promtool tsdb create-blocks-from openmetrics FILE DIR` (--out - writes to stdout)";

#[derive(Debug, thiserror::Error)]
enum CliError {
    #[error("{0}")]
    Usage(String),
    #[error("{0}")]
    Runtime(String),
}

/// `--key value` pairs; every key must be in `allowed`, every one in `required` present.
fn flags(args: &[String], allowed: &[&str]) -> Result<HashMap<String, String>, CliError> {
    let mut out = HashMap::new();
    let mut it = args.iter();
    while let Some(k) = it.next() {
        let Some(key) = k.strip_prefix("--") else {
            return Err(CliError::Usage(format!("unexpected argument `{k}`")));
        };
        if !allowed.contains(&key) {
            return Err(CliError::Usage(format!("unknown option `--{key}`")));
        }
        let Some(v) = it.next() else {
            return Err(CliError::Usage(format!("option `--{key}` needs a value")));
        };
        out.insert(key.to_string(), v.clone());
    }
    for key in allowed {
        if !out.contains_key(*key) {
            return Err(CliError::Usage(format!("missing option `--{key}`")));
        }
    }
    Ok(out)
}

fn num<T: std::str::FromStr>(f: &HashMap<String, String>, key: &str) -> Result<T, CliError> {
    let raw = f.get(key).map(String::as_str).unwrap_or("");
    raw.parse()
        .map_err(|_| CliError::Usage(format!("`--{key} {raw}` is not a valid number")))
}

fn run(args: &[String]) -> Result<(), CliError> {
    match args.first().map(String::as_str) {
        Some("serve") => {
            let f = flags(&args[1..], &["listen", "anchor"])?;
            let anchor: i64 = num(&f, "anchor")?;
            let listen = f.get("listen").cloned().unwrap_or_default();
            eprintln!("promboard-workload: serving on http://{listen}/metrics (anchor {anchor})");
            serve(&listen, anchor)
                .map_err(|e| CliError::Runtime(format!("cannot serve on {listen}: {e}")))
        }
        Some("backfill") => {
            let f = flags(
                &args[1..],
                &["anchor", "start", "end", "step", "instance", "out"],
            )?;
            let anchor: i64 = num(&f, "anchor")?;
            let start: f64 = num(&f, "start")?;
            let end: f64 = num(&f, "end")?;
            let step: f64 = num(&f, "step")?;
            let instance = f.get("instance").cloned().unwrap_or_default();
            let out = f.get("out").cloned().unwrap_or_default();
            let res = if out == "-" {
                write_openmetrics(
                    std::io::stdout().lock(),
                    anchor,
                    start,
                    end,
                    step,
                    &instance,
                )
            } else {
                let file = std::fs::File::create(&out)
                    .map_err(|e| CliError::Runtime(format!("cannot create {out}: {e}")))?;
                write_openmetrics(file, anchor, start, end, step, &instance)
            };
            res.map_err(|e| match e.kind() {
                std::io::ErrorKind::InvalidInput => CliError::Usage(e.to_string()),
                _ => CliError::Runtime(format!("cannot write {out}: {e}")),
            })
        }
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(CliError::Usage(format!("unknown subcommand `{other}`"))),
        None => Err(CliError::Usage("missing subcommand".into())),
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(CliError::Usage(msg)) => {
            eprintln!("promboard-workload: {msg}\n{USAGE}");
            ExitCode::from(2)
        }
        Err(CliError::Runtime(msg)) => {
            eprintln!("promboard-workload: {msg}");
            ExitCode::from(1)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn bad_usage_is_a_usage_error_with_a_reason() {
        let cases = [
            ("", "missing subcommand"),
            ("frobnicate", "unknown subcommand `frobnicate`"),
            ("serve --listen 127.0.0.1:1", "missing option `--anchor`"),
            (
                "serve --listen 127.0.0.1:1 --anchor x",
                "`--anchor x` is not a valid number",
            ),
            ("serve --port 1", "unknown option `--port`"),
            ("serve --listen", "option `--listen` needs a value"),
            ("serve listen", "unexpected argument `listen`"),
            (
                "backfill --anchor 0 --start 10 --end 0 --step 15 --instance a:1 --out -",
                "backfill end 0 is before start 10",
            ),
        ];
        for (line, want) in cases {
            match run(&args(line)) {
                Err(CliError::Usage(msg)) => assert!(msg.contains(want), "{line}: {msg}"),
                other => panic!("{line}: {other:?}"),
            }
        }
    }

    #[test]
    fn backfill_writes_the_file() {
        let path = std::env::temp_dir().join(format!("pw-cli-{}.om", std::process::id()));
        let line = format!(
            "backfill --anchor 1700000000 --start 1699999000 --end 1699999030 --step 15 --instance h:1 --out {}",
            path.display()
        );
        run(&args(&line)).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        let _ = std::fs::remove_file(&path);
        assert!(text.ends_with("# EOF\n"));
        assert!(text.contains("pg_up{job=\"muejam\",instance=\"h:1\"} 1 1699999030\n"));
    }
}
