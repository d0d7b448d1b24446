//! Filtering and ranking of completion candidates: one pass over the candidates (O(n)), then
//! only the best `limit` are sorted.
//!
//! Order: exact match, then prefix, then a match at a word start (after `_` or `:`), then any
//! substring; case-insensitive; ties by shorter name, then alphabetically. An empty prefix
//! keeps the input order's first `limit`.

/// How well `name` matches `needle` (lower is better); `None` = no match.
/// `needle` must already be lower case.
pub fn score(name: &str, needle: &str) -> Option<u8> {
    if needle.is_empty() {
        return Some(3);
    }
    if name.len() < needle.len() {
        return None;
    }
    let lower;
    let hay = if name.bytes().any(|b| b.is_ascii_uppercase()) {
        lower = name.to_ascii_lowercase();
        lower.as_str()
    } else {
        name
    };
    if hay == needle {
        return Some(0);
    }
    if hay.starts_with(needle) {
        return Some(1);
    }
    let mut best = None;
    for (i, _) in hay.match_indices(needle) {
        let at_word = hay[..i].ends_with(['_', ':']);
        let s = if at_word { 2 } else { 3 };
        if best.is_none_or(|b| s < b) {
            best = Some(s);
        }
        if s == 2 {
            break;
        }
    }
    best
}

/// The indices of the best `limit` items matching `prefix`, best first.
pub fn rank<T>(items: &[T], name: impl Fn(&T) -> &str, prefix: &str, limit: usize) -> Vec<usize> {
    let needle = prefix.to_ascii_lowercase();
    let mut hits: Vec<(u8, usize, usize)> = Vec::new();
    for (i, it) in items.iter().enumerate() {
        let n = name(it);
        if let Some(s) = score(n, &needle) {
            hits.push((s, n.len(), i));
        }
    }
    if needle.is_empty() {
        hits.truncate(limit);
        return hits.into_iter().map(|h| h.2).collect();
    }
    let cmp = |a: &(u8, usize, usize), b: &(u8, usize, usize)| {
        (a.0, a.1)
            .cmp(&(b.0, b.1))
            .then_with(|| name(&items[a.2]).cmp(name(&items[b.2])))
    };
    if hits.len() > limit && limit > 0 {
        hits.select_nth_unstable_by(limit - 1, cmp);
        hits.truncate(limit);
    }
    hits.sort_by(cmp);
    hits.truncate(limit);
    hits.into_iter().map(|h| h.2).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order() {
        let names = [
            "node_cpu_seconds_total",
            "http_requests_total",
            "process_cpu_seconds_total",
            "cpu",
            "go_gc_cpu_fraction",
            "Cpu_Upper",
            "scpu",
        ];
        let got: Vec<&str> = rank(&names, |s| s, "cpu", 50)
            .into_iter()
            .map(|i| names[i])
            .collect();
        assert_eq!(
            got,
            [
                "cpu",
                "Cpu_Upper",
                "go_gc_cpu_fraction",
                "node_cpu_seconds_total",
                "process_cpu_seconds_total",
                "scpu"
            ]
        );
        assert_eq!(rank(&names, |s| s, "zzz", 50), Vec::<usize>::new());
        assert_eq!(rank(&names, |s| s, "", 2), vec![0, 1]);
        assert_eq!(rank(&names, |s| s, "cpu", 2).len(), 2);
    }

    #[test]
    fn ten_thousand_names() {
        let names: Vec<String> = (0..10_000)
            .map(|i| format!("stack{}_service{}_metric_{}_total", i % 7, i % 131, i))
            .collect();
        let t = std::time::Instant::now();
        let got = rank(&names, |s| s.as_str(), "metric_99", 50);
        let took = t.elapsed();
        println!("ranked 10,000 names in {took:?}");
        assert_eq!(got.len(), 50);
        // Word-start matches of "metric_99…" come first, shortest first.
        assert_eq!(names[got[0]], "stack1_service99_metric_99_total");
        assert!(got.iter().all(|&i| names[i].contains("metric_99")));
    }
}
