//! The emails Ava sends, in the owner's language.

use secrecy::SecretString;

use ava_domain::{locale::Locale, user::User};

use crate::ports::Mail;

/// The password-reset email; `link` holds the secret token.
pub(super) fn password_reset(user: &User, link: &str) -> Mail {
    let name = user.full_name.as_ref().map(|name| name.as_str());
    let (subject, text) = match user.locale {
        Locale::En => (
            "Reset your Ava password",
            format!(
                "{greeting}\n\n\
                 Someone (we hope you) asked to reset the password of your Ava account.\n\n\
                 Choose a new password here (the link works once, for 30 minutes):\n\
                 {link}\n\n\
                 Once it is changed, every device signed in to your account is signed out.\n\n\
                 If you did not ask for this, ignore this email: your password stays as it is.\n\n\
                 Ava",
                greeting =
                    name.map_or_else(|| "Hello,".to_owned(), |name| format!("Hello {name},")),
            ),
        ),
        Locale::Fr => (
            "Réinitialisez votre mot de passe Ava",
            format!(
                "{greeting}\n\n\
                 Quelqu’un (vous, nous l’espérons) a demandé à réinitialiser le mot de passe de votre compte Ava.\n\n\
                 Choisissez un nouveau mot de passe ici (le lien ne sert qu’une fois, pendant 30 minutes) :\n\
                 {link}\n\n\
                 Une fois le mot de passe changé, tous les appareils connectés à votre compte sont déconnectés.\n\n\
                 Si vous n’avez rien demandé, ignorez ce message : votre mot de passe reste inchangé.\n\n\
                 Ava",
                greeting =
                    name.map_or_else(|| "Bonjour,".to_owned(), |name| format!("Bonjour {name},")),
            ),
        ),
        Locale::He => (
            "איפוס הסיסמה שלך ב־Ava",
            format!(
                "{greeting}\n\n\
                 מישהו (אנחנו מקווים שאת/ה) ביקש לאפס את הסיסמה של חשבון ה־Ava שלך.\n\n\
                 אפשר לבחור סיסמה חדשה כאן (הקישור תקף פעם אחת, למשך 30 דקות):\n\
                 {link}\n\n\
                 לאחר שינוי הסיסמה, כל המכשירים המחוברים לחשבון שלך יתנתקו.\n\n\
                 אם לא ביקשת זאת, אפשר להתעלם מהודעה זו: הסיסמה שלך לא תשתנה.\n\n\
                 Ava",
                greeting = name.map_or_else(|| "שלום,".to_owned(), |name| format!("שלום {name},")),
            ),
        ),
    };
    Mail {
        to: user.email.clone(),
        subject: subject.to_owned(),
        text: SecretString::from(text),
    }
}
