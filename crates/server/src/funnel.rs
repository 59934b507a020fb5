//! `ava-server funnel`: the onboarding funnel as a table in a terminal,
//! the same numbers as `GET /api/v1/admin/funnel`.

use std::{fmt::Write, sync::Arc};

use ava_application::funnel::{Funnel, FunnelService, Operators, Period};

use crate::{config::Config, startup};

/// Prints the funnel of the owners who signed up within `from`..=`to`
/// (`YYYY-MM-DD`, UTC).
pub async fn print(config: &Config, from: Option<&str>, to: Option<&str>) -> Result<(), String> {
    let period = Period::parse(from, to).map_err(|error| error.to_string())?;
    let store = Arc::new(
        startup::open_store(config)
            .await
            .map_err(|error| error.to_string())?,
    );
    // Whoever runs the command reads the database: no operator to check.
    let service = FunnelService::new(store.clone(), store, Operators::default());
    let funnel = service
        .funnel(&period)
        .await
        .map_err(|error| error.to_string())?;
    print!("{}", table(&funnel, from, to));
    Ok(())
}

/// The funnel as aligned columns, with a heading that says whose it is.
pub fn table(funnel: &Funnel, from: Option<&str>, to: Option<&str>) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Owners who signed up from {} to {} (UTC): {} started, {} completed",
        from.unwrap_or("the start"),
        to.unwrap_or("now"),
        funnel.started,
        funnel.completed
    );
    let _ = writeln!(
        out,
        "{:<13}{:>9}{:>11}{:>9}  median time",
        "step", "reached", "completed", "skipped"
    );
    for step in &funnel.steps {
        let median = step.median_seconds.map_or_else(|| "-".to_owned(), duration);
        let _ = writeln!(
            out,
            "{:<13}{:>9}{:>11}{:>9}  {median}",
            step.step.code(),
            step.reached,
            step.completed,
            step.skipped
        );
    }
    out
}

/// `42 s`, `4 min 05 s`, `2 h 10 min`.
fn duration(seconds: f64) -> String {
    let whole = seconds.round() as u64;
    match whole {
        0..60 => format!("{whole} s"),
        60..3600 => format!("{} min {:02} s", whole / 60, whole % 60),
        _ => format!("{} h {:02} min", whole / 3600, whole % 3600 / 60),
    }
}

#[cfg(test)]
mod tests {
    use ava_application::funnel::StepFunnel;
    use ava_domain::onboarding::StepKey;

    use super::*;

    #[test]
    fn the_table_lines_up_every_step_with_its_median() {
        let steps = StepKey::ALL
            .into_iter()
            .map(|step| StepFunnel {
                step,
                reached: 120,
                completed: 7,
                skipped: 0,
                median_seconds: (step == StepKey::Vapi).then_some(245.4),
            })
            .collect();
        let funnel = Funnel {
            steps,
            started: 120,
            completed: 7,
        };
        let table = table(&funnel, Some("2026-12-01"), None);
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(
            lines[0],
            "Owners who signed up from 2026-12-01 to now (UTC): 120 started, 7 completed"
        );
        assert_eq!(
            lines[1],
            "step           reached  completed  skipped  median time"
        );
        assert_eq!(lines[2], "profile            120          7        0  -");
        assert_eq!(
            lines[3],
            "vapi               120          7        0  4 min 05 s"
        );
        assert_eq!(lines.len(), 11);
    }

    #[test]
    fn durations_read_as_people_say_them() {
        assert_eq!(duration(42.4), "42 s");
        assert_eq!(duration(3599.0), "59 min 59 s");
        assert_eq!(duration(7800.0), "2 h 10 min");
    }
}
