//! Child processes owned by the rig.
//!
//! Contract: a `Proc` is killed (by its own PID, never by name) and reaped when dropped, so a
//! failing or panicking test still tears its services down. Output goes to a log file in the
//! rig's directory; `Proc::log_tail` shows it when a service fails to start.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::RigError;

#[derive(Debug)]
pub struct Proc {
    pub name: String,
    child: Option<Child>,
    pub log: PathBuf,
}

impl Proc {
    /// Starts `program args…`, stdout and stderr into `dir/<name>.log`.
    pub fn spawn(name: &str, program: &str, args: &[String], dir: &Path) -> Result<Self, RigError> {
        let log = dir.join(format!("{name}.log"));
        let out =
            File::create(&log).map_err(|e| RigError::io(format!("create {}", log.display()), e))?;
        let err = out
            .try_clone()
            .map_err(|e| RigError::io("clone log handle", e))?;
        let child = Command::new(program)
            .args(args)
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .spawn()
            .map_err(|e| {
                RigError::io(
                    format!("start {program} (is it installed? run scripts/install-tools.sh)"),
                    e,
                )
            })?;
        Ok(Self {
            name: name.to_owned(),
            child: Some(child),
            log,
        })
    }

    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(Child::id)
    }

    /// The last lines of the process' log, for error messages.
    pub fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(15)..].join("\n")
    }

    /// Whether the process has exited (and reaps it if so).
    pub fn exited(&mut self) -> bool {
        match self.child.as_mut() {
            Some(c) => !matches!(c.try_wait(), Ok(None)),
            None => true,
        }
    }

    /// Kills the process by PID (SIGKILL) and waits for it, at most a few seconds.
    pub fn stop(&mut self) {
        let Some(mut child) = self.child.take() else {
            return;
        };
        let _ = child.kill();
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(5) {
            if !matches!(child.try_wait(), Ok(None)) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        self.stop();
    }
}
