//! `promboard-demo`: the demo stack behind the README's run command.
//!
//! Starts the rig in live mode (Prometheus with 6 h of backfilled history continued by the
//! workload exporter, the demo's alert rules, Alertmanager, node-exporter), serves `dist/` on
//! http://127.0.0.1:PORT/ with a `config.json` pointing at that Prometheus and Alertmanager,
//! prints the URL, and on Ctrl-C stops every process it started, by PID.

use std::path::PathBuf;
use std::process::ExitCode;

use promboard_rig::{serve_static, Mode, Rig, RigError, RigOptions, StaticSite};

fn usage() -> ExitCode {
    eprintln!("usage: promboard-demo --repo DIR [--dist DIR] [--port 8080]");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let mut repo: Option<PathBuf> = None;
    let mut dist: Option<PathBuf> = None;
    let mut port: u16 = 8080;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match (a.as_str(), args.next()) {
            ("--repo", Some(v)) => repo = Some(v.into()),
            ("--dist", Some(v)) => dist = Some(v.into()),
            ("--port", Some(v)) => match v.parse() {
                Ok(p) => port = p,
                Err(_) => return usage(),
            },
            _ => return usage(),
        }
    }
    let Some(repo) = repo else { return usage() };
    // Prometheus resolves rule-file paths against its config file's directory: make ours absolute.
    let repo = std::fs::canonicalize(&repo).unwrap_or(repo);
    let dist = dist.unwrap_or_else(|| repo.join("dist"));
    match run(&repo, &dist, port) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("promboard-demo: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(repo: &std::path::Path, dist: &std::path::Path, port: u16) -> Result<(), RigError> {
    let (tx, rx) = std::sync::mpsc::channel();
    ctrlc::set_handler(move || {
        let _ = tx.send(());
    })
    .map_err(|e| RigError::Protocol(format!("cannot install the Ctrl-C handler: {e}")))?;

    println!("starting the demo stack (Prometheus with 6 h of history, Alertmanager, node-exporter, workload)…");
    let rig = Rig::start(RigOptions {
        mode: Mode::Live,
        alertmanager: true,
        node_exporter: true,
        rule_files: vec![repo.join("public/rules/*.yml")],
        ..RigOptions::default()
    })?;
    let config = promboard_rig::demo_config(&dist.join("config.json"), &rig)?;
    let site = StaticSite {
        root: dist.to_path_buf(),
        prefix: "/".into(),
        overrides: vec![("config.json".into(), config)],
        headers: Vec::new(),
    };
    let server = serve_static(site, port)?;
    println!("Prometheus:   {}", rig.prometheus_url());
    if let Some(am) = rig.alertmanager_url() {
        println!("Alertmanager: {am}");
    }
    println!(
        "Incidents start 2–5 minutes from now and repeat hourly; alerts go pending, then fire."
    );
    println!();
    println!("promboard is running at http://{}/", server.addr);
    println!("Press Ctrl-C to stop.");
    let _ = rx.recv();
    println!();
    for (name, pid) in rig.pids() {
        println!("stopping {name} (pid {pid})");
    }
    drop(server);
    drop(rig);
    println!("stopped.");
    Ok(())
}
