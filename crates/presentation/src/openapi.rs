//! The OpenAPI document of `/api/v1`, served with Swagger UI at `/api/docs`.

use utoipa::{
    Modify, OpenApi,
    openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme},
};

use crate::extract::SESSION_COOKIE;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Ava API",
        description = "Onboarding of AI voice receptionists: the owner's profile, the wizard's progress, \
            their Vapi and Twilio accounts, the studio configuration and the assistants built from it. \
            Errors are RFC 9457 problem+json with a stable `code`.",
    ),
    modifiers(&SecuritySchemes),
    tags(
        (name = "auth", description = "Accounts and sessions"),
        (name = "onboarding", description = "Profile and wizard progress"),
        (name = "providers", description = "The owner's Vapi key and Twilio account"),
        (name = "studio", description = "What the assistant is built from"),
        (name = "assistants", description = "Assistants in the owner's Vapi organization"),
        (name = "line", description = "The live line: its status, its calls, a test call"),
        (name = "webhooks", description = "Vapi's messages about calls, authenticated by the owner's secret"),
        (name = "meta", description = "Choices offered and server facts"),
    )
)]
pub struct ApiDoc;

struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        components.add_security_scheme(
            "cookie",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                SESSION_COOKIE,
                "Set at sign-up and log-in; behind HTTPS (production) it is named `__Host-ava_session`.",
            ))),
        );
    }
}
