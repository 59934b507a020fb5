//! Reading a call as Vapi reported it: the transcript's turns and the
//! duration in minutes and seconds. Plain Rust, unit-tested on the host.

/// Who says a line of the transcript.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Speaker {
    /// Vapi's `AI:` / `Assistant:` / `Bot:`.
    Ava,
    /// Vapi's `User:` / `Customer:`.
    Caller,
    /// A line without a known speaker: shown as it is.
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Turn {
    pub speaker: Speaker,
    pub text: String,
}

fn speaker_of(tag: &str) -> Option<Speaker> {
    match tag.trim().to_ascii_lowercase().as_str() {
        "ai" | "assistant" | "bot" => Some(Speaker::Ava),
        "user" | "customer" | "caller" => Some(Speaker::Caller),
        _ => None,
    }
}

/// The turns of a transcript written as `AI: …` / `User: …` lines. A line
/// without a speaker continues the turn before it (or stands alone first).
pub fn turns(transcript: &str) -> Vec<Turn> {
    let mut turns: Vec<Turn> = Vec::new();
    for line in transcript.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let tagged = line
            .split_once(':')
            .and_then(|(tag, text)| speaker_of(tag).map(|speaker| (speaker, text.trim())));
        match (tagged, turns.last_mut()) {
            (Some((speaker, text)), _) => turns.push(Turn {
                speaker,
                text: text.to_owned(),
            }),
            (None, Some(last)) => {
                last.text.push('\n');
                last.text.push_str(line);
            }
            (None, None) => turns.push(Turn {
                speaker: Speaker::Unknown,
                text: line.to_owned(),
            }),
        }
    }
    turns
}

/// Whole minutes and the seconds left, rounded to the nearest second.
pub fn minutes_seconds(seconds: f64) -> (u64, u64) {
    let total = if seconds.is_finite() && seconds > 0.0 {
        seconds.round() as u64
    } else {
        0
    };
    (total / 60, total % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vapi_lines_become_turns() {
        let text = "AI: Hello, Acme Dental.\nUser: I'd like an appointment.\n\nAI: Of course.";
        let read = turns(text);
        assert_eq!(read.len(), 3);
        assert_eq!(read[0].speaker, Speaker::Ava);
        assert_eq!(read[0].text, "Hello, Acme Dental.");
        assert_eq!(read[1].speaker, Speaker::Caller);
        assert_eq!(read[2].text, "Of course.");
    }

    #[test]
    fn untagged_lines_continue_the_turn_or_stand_alone() {
        let read = turns("Recording started\nbot: Hi\nhow can I help?\nnote: a colon");
        assert_eq!(read[0].speaker, Speaker::Unknown);
        assert_eq!(read[1].speaker, Speaker::Ava);
        assert_eq!(read[1].text, "Hi\nhow can I help?\nnote: a colon");
        assert!(turns("  \n").is_empty());
    }

    #[test]
    fn durations_read_as_minutes_and_seconds() {
        assert_eq!(minutes_seconds(0.0), (0, 0));
        assert_eq!(minutes_seconds(59.6), (1, 0));
        assert_eq!(minutes_seconds(125.2), (2, 5));
        assert_eq!(minutes_seconds(-3.0), (0, 0));
        assert_eq!(minutes_seconds(f64::NAN), (0, 0));
    }
}
