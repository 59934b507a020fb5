//! Where a refusal is shown: next to the input it concerns, or above the form.

use ava_api_types::codes;

use super::{CredentialField, Provider};
use crate::{
    api::ApiError,
    messages::{self, error_text, field_error_text},
};

/// The error text for one input: a field error naming it, or the provider's
/// refusal when it concerns that input.
pub fn input_error(
    i18n: messages::I18n,
    error: &Option<ApiError>,
    field: CredentialField,
) -> Option<String> {
    let error = error.as_ref()?;
    if let Some(field_error) = error.field_errors().iter().find(|e| e.field == field.key()) {
        // The provider's refusal says more than "refused": explain it by its code.
        let refused = field_error.code == codes::field::REJECTED_BY_PROVIDER
            && error.code() != codes::VALIDATION_FAILED;
        return Some(if refused {
            error_text(i18n, error)
        } else {
            field_error_text(i18n, field_error)
        });
    }
    let concerns = match error.code() {
        codes::VAPI_KEY_REJECTED => field == CredentialField::VapiApiKey,
        codes::TWILIO_CREDENTIALS_REJECTED => field == CredentialField::AuthToken,
        codes::TWILIO_NUMBER_NOT_ON_ACCOUNT => field == CredentialField::PhoneNumber,
        _ => false,
    };
    concerns.then(|| error_text(i18n, error))
}

/// The error shown above the form: anything not tied to one input.
pub fn form_error(error: &Option<ApiError>, provider: Provider) -> Option<ApiError> {
    let error = error.as_ref()?;
    let tied_code = matches!(
        error.code(),
        codes::VAPI_KEY_REJECTED
            | codes::TWILIO_CREDENTIALS_REJECTED
            | codes::TWILIO_NUMBER_NOT_ON_ACCOUNT
    );
    let tied_fields = !error.field_errors().is_empty()
        && error
            .field_errors()
            .iter()
            .all(|e| provider.fields().iter().any(|field| field.key() == e.field));
    (!tied_code && !tied_fields).then(|| error.clone())
}
