//! Query rounds over time: when a panel starts a new round, and what it shows when a round
//! fails after earlier ones succeeded.
//!
//! Contract (pure, decided here so the component only wires signals):
//! - [`next_round`]: a round whose key equals the last one started is skipped. A refresh tick
//!   that arrives while a round with the same queries (same variables, same range span) is
//!   still in flight lets that round finish instead of cancelling it — otherwise a Prometheus
//!   slower than the refresh interval (or one that never answers) would be cancelled on every
//!   tick and the panel would sit on "loading" forever, never showing a timeout. Any other
//!   change (range, span, variables) cancels the round in flight and starts a new one.
//! - [`on_failure`]: a failed round keeps the last good view on screen, marked stale with the
//!   failure's reason, when that view answers the same question: same variables and same span,
//!   and its range still overlaps the failed one (a refresh of a sliding window or of the same
//!   absolute range). After a change of variables or range, or once a sliding window has moved
//!   past the old data entirely, only the error is shown — old data is never passed off as an
//!   answer to a different question.

/// What identifies a query round.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RoundKey {
    pub from_ms: i64,
    pub to_ms: i64,
    /// The dashboard's refresh counter.
    pub tick: u64,
    /// Identity of the variable scope the queries were planned with.
    pub scope: usize,
}

impl RoundKey {
    fn span_ms(&self) -> i64 {
        self.to_ms - self.from_ms
    }

    /// Same queries, only the refresh moved (a sliding window keeps its span).
    fn is_refresh_of(&self, earlier: &RoundKey) -> bool {
        self.scope == earlier.scope
            && self.span_ms() == earlier.span_ms()
            && self.tick != earlier.tick
    }
}

/// What to do with a new round key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RoundDecision {
    /// Nothing changed since the last round started.
    Skip,
    /// A refresh while the same queries are in flight: let them finish, start nothing.
    LetInflightFinish,
    /// Start a round (cancelling whatever is in flight).
    Start,
}

/// See the module contract. `inflight` is the key of the round still running, if any;
/// `last_started` the key of the last round started (finished or not).
pub fn next_round(
    inflight: Option<&RoundKey>,
    last_started: Option<&RoundKey>,
    new: &RoundKey,
) -> RoundDecision {
    if last_started == Some(new) {
        return RoundDecision::Skip;
    }
    match inflight {
        Some(running) if new.is_refresh_of(running) => RoundDecision::LetInflightFinish,
        _ => RoundDecision::Start,
    }
}

/// What a panel shows after a failed round.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FailureDisplay {
    /// Only the error (nothing good to keep, or it answered another question).
    ErrorOnly,
    /// The last good view, marked stale, with the error as the badge's text.
    KeepStale,
}

/// See the module contract. `last_good` is the key the shown view was computed for.
pub fn on_failure(last_good: Option<&RoundKey>, failed: &RoundKey) -> FailureDisplay {
    let Some(good) = last_good else {
        return FailureDisplay::ErrorOnly;
    };
    let overlaps = good.from_ms < failed.to_ms && failed.from_ms < good.to_ms;
    if good.scope == failed.scope && good.span_ms() == failed.span_ms() && overlaps {
        FailureDisplay::KeepStale
    } else {
        FailureDisplay::ErrorOnly
    }
}

/// The stale badge's visible label.
pub const STALE_LABEL: &str = "stale";

/// The stale badge's full text: what failed, and that the data shown is older.
pub fn stale_text(error: &str) -> String {
    format!("Showing the last good data; the latest refresh failed: {error}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(from_ms: i64, to_ms: i64, tick: u64, scope: usize) -> RoundKey {
        RoundKey {
            from_ms,
            to_ms,
            tick,
            scope,
        }
    }

    #[test]
    fn rounds() {
        let a = key(0, 3_600_000, 1, 7);
        let cases: Vec<(Option<RoundKey>, Option<RoundKey>, RoundKey, RoundDecision)> = vec![
            (None, None, a, RoundDecision::Start),
            (None, Some(a), a, RoundDecision::Skip),
            (Some(a), Some(a), a, RoundDecision::Skip),
            // Absolute range, refresh tick while in flight: let it finish.
            (
                Some(a),
                Some(a),
                key(0, 3_600_000, 2, 7),
                RoundDecision::LetInflightFinish,
            ),
            // Sliding window moved by the refresh: same span, still a refresh.
            (
                Some(a),
                Some(a),
                key(5_000, 3_605_000, 2, 7),
                RoundDecision::LetInflightFinish,
            ),
            // Finished rounds never hold a refresh back.
            (None, Some(a), key(0, 3_600_000, 2, 7), RoundDecision::Start),
            // The user changed the range, the span or the variables: supersede.
            (
                Some(a),
                Some(a),
                key(-1_800_000, 1_800_000, 1, 7),
                RoundDecision::Start,
            ),
            (
                Some(a),
                Some(a),
                key(0, 7_200_000, 2, 7),
                RoundDecision::Start,
            ),
            (
                Some(a),
                Some(a),
                key(0, 3_600_000, 2, 8),
                RoundDecision::Start,
            ),
        ];
        for (inflight, last, new, want) in cases {
            assert_eq!(
                next_round(inflight.as_ref(), last.as_ref(), &new),
                want,
                "{inflight:?} {last:?} {new:?}"
            );
        }
    }

    #[test]
    fn failures() {
        let good = key(0, 3_600_000, 1, 7);
        let cases: Vec<(Option<RoundKey>, RoundKey, FailureDisplay)> = vec![
            (None, good, FailureDisplay::ErrorOnly),
            (
                Some(good),
                key(0, 3_600_000, 2, 7),
                FailureDisplay::KeepStale,
            ),
            (
                Some(good),
                key(60_000, 3_660_000, 9, 7),
                FailureDisplay::KeepStale,
            ),
            // The window moved past the old data: it answers nothing any more.
            (
                Some(good),
                key(3_600_000, 7_200_000, 9, 7),
                FailureDisplay::ErrorOnly,
            ),
            (
                Some(good),
                key(0, 3_600_000, 2, 8),
                FailureDisplay::ErrorOnly,
            ),
            (
                Some(good),
                key(0, 1_800_000, 2, 7),
                FailureDisplay::ErrorOnly,
            ),
        ];
        for (last, failed, want) in cases {
            assert_eq!(
                on_failure(last.as_ref(), &failed),
                want,
                "{last:?} {failed:?}"
            );
        }
        assert!(stale_text("HTTP 500").ends_with("failed: HTTP 500"));
    }
}
