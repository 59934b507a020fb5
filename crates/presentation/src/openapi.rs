//! The OpenAPI document of `/api/v1`, served with Swagger UI at `/api/docs`.
//!
//! The document is the contract (schemathesis checks the server against it,
//! see `scripts/schemathesis`). Handlers document what is particular to them;
//! [`add_shared_problems`] adds, to every operation, the problems that come
//! from the layers every request crosses, and writes every error answer as
//! `application/problem+json`.

use utoipa::{
    Modify, OpenApi,
    openapi::{
        self, ContentBuilder, Ref, RefOr, ResponseBuilder,
        header::HeaderBuilder,
        path::Operation,
        schema::{ObjectBuilder, Type},
        security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme},
    },
};

use ava_api_types::problem;

use crate::extract::{SESSION_COOKIE, session_cookie_name};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Ava API",
        description = "Onboarding of AI voice receptionists: the owner's profile, the wizard's progress, \
            their Vapi and Twilio accounts, the studio configuration and the assistants built from it. \
            Errors are RFC 9457 problem+json (`application/problem+json`) with a stable `code`; \
            docs/api.md lists every code.",
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
        (name = "admin", description = "For Ava's operators (`AVA_ADMIN_EMAILS`): the onboarding funnel"),
    )
)]
pub struct ApiDoc;

struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "The `token` answered by sign-up and log-in, as `Authorization: Bearer …`.",
                    ))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "cookie",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                session_cookie_name(true).to_owned(),
                format!(
                    "The session cookie set at sign-up and log-in (HttpOnly, SameSite=Lax). Behind HTTPS \
                     (production) it is `{}`; a development server on plain HTTP names it `{SESSION_COOKIE}`.",
                    session_cookie_name(true)
                ),
            ))),
        );
    }
}

/// A problem every operation of a kind can answer, kept once in
/// `components/responses` and referred to from each operation.
struct SharedProblem {
    status: &'static str,
    name: &'static str,
    description: &'static str,
}

/// Every operation: what the panic catcher, the database and the request
/// deadline can answer.
const EVERY_OPERATION: [SharedProblem; 2] = [
    SharedProblem {
        status: "500",
        name: "InternalError",
        description: "`internal_error`: an unexpected failure (logged on the server, never described)",
    },
    SharedProblem {
        status: "503",
        name: "RequestTimeout",
        description: "`request_timeout`: the request passed its 60-second deadline and was stopped",
    },
];

/// Operations that need a session (bearer token or cookie).
const SIGNED_IN: SharedProblem = SharedProblem {
    status: "401",
    name: "Unauthorized",
    description: "`unauthorized`: no session, or one that ended or expired",
};

/// Writes (the CSRF layer): a browser's cross-site request is refused.
const WRITE: SharedProblem = SharedProblem {
    status: "403",
    name: "CrossSiteRequest",
    description: "`cross_site_request`: a browser sent this write from another site",
};

/// Operations with a JSON body (the `ValidJson` extractor).
const JSON_BODY: [SharedProblem; 4] = [
    SharedProblem {
        status: "400",
        name: "MalformedJson",
        description: "`malformed_json`: the body is not JSON",
    },
    SharedProblem {
        status: "413",
        name: "PayloadTooLarge",
        description: "`payload_too_large`: the body is larger than 1 MiB",
    },
    SharedProblem {
        status: "415",
        name: "UnsupportedMediaType",
        description: "`unsupported_media_type`: the body is not sent as `application/json`",
    },
    SharedProblem {
        status: "422",
        name: "ValidationFailed",
        description: "`validation_failed`: `errors` names each refused field (`field`, `code`, `detail`)",
    },
];

fn problem_content() -> openapi::Content {
    ContentBuilder::new()
        .schema(Some(Ref::from_schema_name("Problem")))
        .build()
}

fn retry_after_header() -> openapi::header::Header {
    HeaderBuilder::new()
        .schema(Some(
            ObjectBuilder::new()
                .schema_type(Type::Integer)
                .minimum(Some(1)),
        ))
        .description(Some("Seconds to wait before trying again"))
        .build()
}

/// Adds the problems of the shared layers to every operation that can
/// answer them (an operation's own description of a status wins), and
/// writes every error answer as `application/problem+json`.
pub fn add_shared_problems(openapi: &mut openapi::OpenApi) {
    let components = openapi.components.get_or_insert_with(Default::default);
    let shared = EVERY_OPERATION
        .iter()
        .chain([&SIGNED_IN, &WRITE])
        .chain(JSON_BODY.iter());
    for problem in shared {
        let response = ResponseBuilder::new()
            .description(problem.description)
            .content(problem::CONTENT_TYPE, problem_content())
            .build();
        components
            .responses
            .insert(problem.name.to_owned(), RefOr::T(response));
    }
    for item in openapi.paths.paths.values_mut() {
        let operations = [
            (false, item.get.as_mut()),
            (true, item.post.as_mut()),
            (true, item.put.as_mut()),
            (true, item.patch.as_mut()),
            (true, item.delete.as_mut()),
        ];
        for (write, operation) in operations {
            let Some(operation) = operation else { continue };
            as_problems(operation);
            let mut problems: Vec<&SharedProblem> = EVERY_OPERATION.iter().collect();
            if signed_in(operation) {
                problems.push(&SIGNED_IN);
            }
            if write {
                problems.push(&WRITE);
            }
            if has_json_body(operation) {
                problems.extend(JSON_BODY.iter());
            }
            for problem in problems {
                operation
                    .responses
                    .responses
                    .entry(problem.status.to_owned())
                    .or_insert_with(|| RefOr::Ref(Ref::from_response_name(problem.name)));
            }
        }
    }
}

/// Error answers documented by handlers with `body = Problem` become
/// `application/problem+json`, as the server sends them; a throttle's 429
/// always says when to try again.
fn as_problems(operation: &mut Operation) {
    for (status, response) in operation.responses.responses.iter_mut() {
        let RefOr::T(response) = response else {
            continue;
        };
        if !status.starts_with(['4', '5']) {
            continue;
        }
        if let Some(content) = response.content.shift_remove("application/json") {
            response
                .content
                .insert(problem::CONTENT_TYPE.to_owned(), content);
        }
        if status == "429" {
            response
                .headers
                .insert("Retry-After".to_owned(), retry_after_header().into());
        }
    }
}

fn signed_in(operation: &Operation) -> bool {
    operation
        .security
        .as_ref()
        .is_some_and(|requirements| !requirements.is_empty())
}

fn has_json_body(operation: &Operation) -> bool {
    operation
        .request_body
        .as_ref()
        .is_some_and(|body| match body {
            RefOr::T(body) => body.content.contains_key("application/json"),
            RefOr::Ref(_) => false,
        })
}
