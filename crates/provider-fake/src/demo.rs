//! The demo data: what `FakeProviders::start_demo` (and the
//! `ava-provider-fake` binary, and the server's demo mode) is seeded with.
//! None of these are real credentials.

use crate::{AccountStatus, AccountType, FakeProviders, KeyKind};

/// The demo Vapi organization.
pub const DEMO_VAPI_ORG_ID: &str = "a684d2cc-da63-4dd4-bb59-f0fb9c3af715";
/// The demo organization's private key: the one to paste in Ava.
pub const DEMO_VAPI_PRIVATE_KEY: &str = "2ff69b2e-aeb9-4bab-ad05-5d06555e19e2";
/// The demo organization's public key: pasting it shows Vapi's 401.
pub const DEMO_VAPI_PUBLIC_KEY: &str = "f2cfcfef-c8cc-4613-9023-eae1283b7a84";

/// The active demo Twilio account.
pub const DEMO_TWILIO_ACCOUNT_SID: &str = "ACd678bf9c278d41fa9ae393a75ea11a8d";
pub const DEMO_TWILIO_AUTH_TOKEN: &str = "8a21f0f2e8df4372b85b9459ee858e9d";
pub const DEMO_TWILIO_ACCOUNT_NAME: &str = "Acme Dental";
/// The voice numbers of the active account, in the order Twilio lists them.
pub const DEMO_TWILIO_VOICE_NUMBERS: [&str; 3] = ["+14155550123", "+972501234567", "+33612345678"];
/// A number of the active account that cannot take calls.
pub const DEMO_TWILIO_SMS_ONLY_NUMBER: &str = "+14155550199";

/// A suspended demo Twilio account: its credentials authenticate, but the
/// account is not usable.
pub const DEMO_TWILIO_SUSPENDED_ACCOUNT_SID: &str = "AC76892cee22124f9a83301685eafd906b";
pub const DEMO_TWILIO_SUSPENDED_AUTH_TOKEN: &str = "f8c98c591567489dbc9a5541b9c4cd0e";
/// The one number of the suspended account.
pub const DEMO_TWILIO_SUSPENDED_NUMBER: &str = "+14155550142";

pub(crate) fn seed(fake: &FakeProviders) {
    fake.add_vapi_org_with_id(DEMO_VAPI_ORG_ID);
    fake.add_vapi_key(DEMO_VAPI_ORG_ID, DEMO_VAPI_PRIVATE_KEY, KeyKind::Private);
    fake.add_vapi_key(DEMO_VAPI_ORG_ID, DEMO_VAPI_PUBLIC_KEY, KeyKind::Public);

    fake.add_twilio_account_with(
        DEMO_TWILIO_ACCOUNT_SID,
        DEMO_TWILIO_AUTH_TOKEN,
        AccountStatus::Active,
        AccountType::Full,
        DEMO_TWILIO_ACCOUNT_NAME,
    );
    for number in DEMO_TWILIO_VOICE_NUMBERS {
        fake.add_twilio_number(DEMO_TWILIO_ACCOUNT_SID, number, true);
    }
    fake.add_twilio_number(DEMO_TWILIO_ACCOUNT_SID, DEMO_TWILIO_SMS_ONLY_NUMBER, false);

    fake.add_twilio_account_with(
        DEMO_TWILIO_SUSPENDED_ACCOUNT_SID,
        DEMO_TWILIO_SUSPENDED_AUTH_TOKEN,
        AccountStatus::Suspended,
        AccountType::Trial,
        "Suspended demo account",
    );
    fake.add_twilio_number(
        DEMO_TWILIO_SUSPENDED_ACCOUNT_SID,
        DEMO_TWILIO_SUSPENDED_NUMBER,
        true,
    );
}
