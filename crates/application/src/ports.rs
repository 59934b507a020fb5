//! What the use cases need from the outside world. Infrastructure implements
//! these; unit tests use the in-process fakes of `crate::fakes`.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use secrecy::SecretString;

use ava_domain::{
    assistant::{Assistant, AssistantBlueprint},
    call::Call,
    credentials::{SecretKind, SecretScope, TwilioAccountSid, TwilioAuthToken, VapiApiKey},
    email::EmailAddress,
    funnel::{Milestone, OnboardingEvent, Period},
    ids::{AssistantId, CallId, SessionId, UserId},
    onboarding::OnboardingProgress,
    password::{Password, PasswordHash},
    phone::PhoneNumber,
    profile::Profile,
    session::{PasswordReset, ResetToken, Session, SessionToken, TokenHash},
    studio::{StudioChanges, StudioConfig},
    user::{NewUser, User},
};

/// A storage failure the use case cannot do anything about. Its message is
/// for the logs; it never carries secrets.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct RepositoryError(pub Box<dyn std::error::Error + Send + Sync>);

impl RepositoryError {
    pub fn new(error: impl std::error::Error + Send + Sync + 'static) -> Self {
        Self(Box::new(error))
    }
}

/// Why a versioned save did not happen.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    /// Someone saved a newer version first.
    #[error("the record changed since it was read")]
    Conflict,
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

#[derive(Debug, thiserror::Error)]
pub enum CreateUserError {
    #[error("an account with this email exists")]
    EmailTaken,
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

#[async_trait]
pub trait UserRepository: Send + Sync {
    async fn create(&self, user: &NewUser) -> Result<(), CreateUserError>;
    /// The account whose case-insensitive email key is `email_key`, with its password hash.
    async fn find_by_email(
        &self,
        email_key: &str,
    ) -> Result<Option<(User, PasswordHash)>, RepositoryError>;
    async fn get(&self, id: UserId) -> Result<Option<User>, RepositoryError>;
    async fn profile(&self, id: UserId) -> Result<Option<Profile>, RepositoryError>;
    /// Saves `profile` if the stored version is still `profile.version`;
    /// answers the new version.
    async fn save_profile(&self, id: UserId, profile: &Profile) -> Result<i64, SaveError>;
    /// The account's password hash, if the account exists.
    async fn password_hash(&self, id: UserId) -> Result<Option<PasswordHash>, RepositoryError>;
    async fn set_password_hash(
        &self,
        id: UserId,
        hash: &PasswordHash,
    ) -> Result<(), RepositoryError>;
}

#[async_trait]
pub trait SessionRepository: Send + Sync {
    async fn create(&self, session: &Session) -> Result<(), RepositoryError>;
    async fn find(&self, token_hash: &TokenHash) -> Result<Option<Session>, RepositoryError>;
    async fn delete(&self, token_hash: &TokenHash) -> Result<(), RepositoryError>;
    /// Removes the sessions expired at `now`; answers how many.
    async fn delete_expired(&self, now: DateTime<Utc>) -> Result<u64, RepositoryError>;
    /// How many sessions are still valid at `now`, of every owner (ended
    /// sessions are deleted, so only expiry needs filtering).
    async fn count_active(&self, now: DateTime<Utc>) -> Result<u64, RepositoryError>;
    /// Records that the session was used at `at`.
    async fn touch(&self, id: SessionId, at: DateTime<Utc>) -> Result<(), RepositoryError>;
    /// The owner's sessions, newest first.
    async fn list(&self, owner: UserId) -> Result<Vec<Session>, RepositoryError>;
    /// Ends the owner's session `id`; answers whether the owner had it.
    async fn delete_of(&self, owner: UserId, id: SessionId) -> Result<bool, RepositoryError>;
    /// Ends every session of the owner but `keep`; answers how many ended.
    async fn delete_all_of(
        &self,
        owner: UserId,
        keep: Option<&TokenHash>,
    ) -> Result<u64, RepositoryError>;
}

/// Password resets, by the hash of their token.
#[async_trait]
pub trait PasswordResetRepository: Send + Sync {
    /// Records `reset`, dropping the owner's earlier ones (a new request
    /// supersedes them).
    async fn replace(&self, reset: &PasswordReset) -> Result<(), RepositoryError>;
    async fn find(&self, token_hash: &TokenHash) -> Result<Option<PasswordReset>, RepositoryError>;
    /// Marks the reset used at `now` if it still is unused and unexpired,
    /// in one step (two requests racing with one token: one wins); answers
    /// whether this call used it.
    async fn consume(
        &self,
        token_hash: &TokenHash,
        now: DateTime<Utc>,
    ) -> Result<bool, RepositoryError>;
}

/// An email to one owner. Its text may hold a secret link (password reset),
/// so it has no `Debug` and its body is only exposed to the mailer.
pub struct Mail {
    pub to: EmailAddress,
    pub subject: String,
    pub text: SecretString,
}

/// Why an email could not be handed over. Never holds the mail's text.
#[derive(Debug, thiserror::Error)]
#[error("the email could not be sent: {0}")]
pub struct MailError(pub String);

#[async_trait]
pub trait Mailer: Send + Sync {
    async fn send(&self, mail: Mail) -> Result<(), MailError>;
}

/// Progress and studio configuration are saved with optimistic locking:
/// version 0 means "never saved", and a save answers the new version.
#[async_trait]
pub trait OnboardingRepository: Send + Sync {
    async fn get(&self, owner: UserId) -> Result<Option<OnboardingProgress>, RepositoryError>;
    async fn save(&self, owner: UserId, progress: &OnboardingProgress) -> Result<i64, SaveError>;
}

/// The owners' onboarding milestones, for the funnel.
#[async_trait]
pub trait OnboardingEventRepository: Send + Sync {
    /// Records each milestone the owner does not have yet, at `at`: only
    /// the first time counts.
    async fn record(
        &self,
        owner: UserId,
        milestones: &[Milestone],
        at: DateTime<Utc>,
    ) -> Result<(), RepositoryError>;
    /// Every event of the owners who signed up ([`Milestone::SIGNED_UP`])
    /// within `period`.
    async fn of_cohort(&self, period: &Period) -> Result<Vec<OnboardingEvent>, RepositoryError>;
}

#[async_trait]
pub trait StudioRepository: Send + Sync {
    async fn get(&self, owner: UserId) -> Result<Option<StudioConfig>, RepositoryError>;
    /// Applies `changes` to the stored configuration (the defaults if it
    /// was never saved) in one step, with the voice move that fits it
    /// ([`StudioChanges::voice_moves`]), and answers it as saved. With
    /// `expected`, only if the stored version is still that one (0: never
    /// saved), else `SaveError::Conflict`; without, it cannot conflict.
    async fn update(
        &self,
        owner: UserId,
        changes: StudioChanges,
        expected: Option<i64>,
    ) -> Result<StudioConfig, SaveError>;
}

/// Identifies the key that sealed a secret, without revealing the key.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KeyFingerprint(pub String);

impl std::fmt::Display for KeyFingerprint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A secret as stored: ciphertext, and which key made it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealedSecret {
    pub ciphertext: String,
    pub key_fingerprint: KeyFingerprint,
}

#[derive(Debug, thiserror::Error)]
pub enum CipherError {
    /// No configured key opens it, or it was altered.
    #[error("no configured key can decrypt this secret")]
    Undecryptable,
    /// It decrypts, but belongs to another tenant or field.
    #[error("this secret belongs to another owner or field")]
    WrongScope,
    #[error("the secret could not be encrypted")]
    Seal,
}

/// Encrypts secrets at rest, bound to their [`SecretScope`].
pub trait SecretCipher: Send + Sync {
    fn seal(&self, scope: SecretScope, secret: &SecretString) -> Result<SealedSecret, CipherError>;
    fn open(&self, scope: SecretScope, sealed: &SealedSecret) -> Result<SecretString, CipherError>;
    /// The key new secrets are sealed with.
    fn current_fingerprint(&self) -> KeyFingerprint;
    /// Whether a configured key has this fingerprint.
    fn knows(&self, fingerprint: &KeyFingerprint) -> bool;
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredVapi {
    pub key: SealedSecret,
    pub preview: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredTwilio {
    pub account_sid: TwilioAccountSid,
    pub phone_number: Option<PhoneNumber>,
    pub auth_token: SealedSecret,
    pub preview: String,
}

/// One sealed secret of one owner, for key rotation.
#[derive(Debug, Clone)]
pub struct SealedEntry {
    pub scope: SecretScope,
    pub sealed: SealedSecret,
}

#[async_trait]
pub trait CredentialRepository: Send + Sync {
    async fn vapi(&self, owner: UserId) -> Result<Option<StoredVapi>, RepositoryError>;
    async fn put_vapi(&self, owner: UserId, stored: &StoredVapi) -> Result<(), RepositoryError>;
    /// Answers whether there was one.
    async fn delete_vapi(&self, owner: UserId) -> Result<bool, RepositoryError>;
    async fn twilio(&self, owner: UserId) -> Result<Option<StoredTwilio>, RepositoryError>;
    async fn put_twilio(&self, owner: UserId, stored: &StoredTwilio)
    -> Result<(), RepositoryError>;
    async fn delete_twilio(&self, owner: UserId) -> Result<bool, RepositoryError>;
    /// The secret Vapi presents on every message about the owner's calls.
    async fn webhook_secret(&self, owner: UserId) -> Result<Option<SealedSecret>, RepositoryError>;
    async fn put_webhook_secret(
        &self,
        owner: UserId,
        sealed: &SealedSecret,
    ) -> Result<(), RepositoryError>;
    /// Every sealed secret of every owner.
    async fn all_sealed(&self) -> Result<Vec<SealedEntry>, RepositoryError>;
    /// Replaces `previous` by `resealed`, unless the secret changed meanwhile
    /// (answers false then).
    async fn reseal(
        &self,
        scope: SecretScope,
        previous: &SealedSecret,
        resealed: &SealedSecret,
    ) -> Result<bool, RepositoryError>;
    /// The keys the stored secrets were sealed with, and how many each.
    async fn fingerprints_in_use(&self) -> Result<Vec<(KeyFingerprint, u64)>, RepositoryError>;
}

#[async_trait]
pub trait AssistantRepository: Send + Sync {
    /// Records `assistant`; when it took over the phone number of
    /// `released`, that one loses its number in the same transaction.
    async fn save(
        &self,
        assistant: &Assistant,
        released: Option<AssistantId>,
    ) -> Result<(), RepositoryError>;
    /// The owner's assistants, oldest first.
    async fn list(&self, owner: UserId) -> Result<Vec<Assistant>, RepositoryError>;
}

#[derive(Debug, thiserror::Error)]
pub enum HashingError {
    #[error("password hashing failed: {0}")]
    Failed(String),
    /// Every hashing worker is busy and the queue is full: try again soon.
    #[error("too many passwords are being checked right now")]
    Busy,
}

#[async_trait]
pub trait PasswordHasher: Send + Sync {
    async fn hash(&self, password: Password) -> Result<PasswordHash, HashingError>;
    /// Whether `password` matches `hash`. Without a hash (no such account)
    /// it does the same work and answers false, so that response times do
    /// not tell which emails have an account.
    async fn verify(
        &self,
        password: Password,
        hash: Option<PasswordHash>,
    ) -> Result<bool, HashingError>;
}

pub trait TokenGenerator: Send + Sync {
    fn session_token(&self) -> SessionToken;
    /// A new random secret for Vapi to present on its messages.
    fn webhook_secret(&self) -> SecretString;
    /// The secret of a password-reset link: as random as a session token.
    fn reset_token(&self) -> ResetToken;
}

/// The calls Vapi reported, per owner.
#[async_trait]
pub trait CallRepository: Send + Sync {
    /// Stores `call`, or updates the owner's record of the same Vapi call
    /// (its id kept); answers the id of the record.
    async fn record(&self, call: &Call) -> Result<CallId, RepositoryError>;
    /// The owner's calls, newest first, older than `before` when given.
    async fn page(
        &self,
        owner: UserId,
        limit: u64,
        before: Option<CallId>,
    ) -> Result<Vec<Call>, RepositoryError>;
}

pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
}

/// How a provider call failed, whichever provider.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProviderError {
    /// The credentials were refused (HTTP 401/403).
    #[error("the provider refused the credentials")]
    Unauthorized,
    #[error("the provider does not know this resource")]
    NotFound,
    /// The provider refused the request itself; `message` is its reason,
    /// scrubbed of anything secret.
    #[error("the provider refused the request: {message}")]
    Rejected { message: String },
    #[error("the provider could not be reached")]
    Unreachable,
    #[error("the provider answered with a server error")]
    ServerError,
    /// The provider asks us to slow down (HTTP 429), maybe saying for how long.
    #[error("the provider is rate limiting requests")]
    Busy { retry_after_seconds: Option<u64> },
    #[error("the provider did not answer in time")]
    Timeout,
    #[error("the provider's answer could not be understood")]
    BadResponse,
}

/// A Twilio number to import into Vapi, bound to an assistant.
#[derive(Debug, Clone)]
pub struct NumberImport {
    pub number: PhoneNumber,
    pub account_sid: TwilioAccountSid,
    pub auth_token: TwilioAuthToken,
    pub vapi_assistant_id: String,
    pub name: String,
}

/// A phone number imported in the owner's Vapi organization.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedNumber {
    pub id: String,
    /// Vapi's id of the assistant answering it, if any.
    pub assistant_id: Option<String>,
    /// Where Vapi sends its messages about the number's calls, if anywhere.
    pub server_url: Option<String>,
}

/// Who takes the calls of an imported number.
#[derive(Debug, Clone)]
pub enum NumberRoute {
    /// The assistant, directly: hours are only advice in its prompt.
    Assistant { vapi_assistant_id: String },
    /// Vapi asks Ava at `url` for each call, presenting `secret`.
    Server { url: String, secret: SecretString },
}

/// How an imported number is set up for calls.
#[derive(Debug, Clone)]
pub struct LineRouting {
    pub route: NumberRoute,
    /// Where Vapi sends a call when Ava does not answer in time.
    pub fallback: Option<PhoneNumber>,
}

/// A call Vapi places from the owner's number with their assistant.
#[derive(Debug, Clone)]
pub struct OutboundCall {
    pub vapi_assistant_id: String,
    pub vapi_number_id: String,
    pub customer: PhoneNumber,
}

#[async_trait]
pub trait VapiClient: Send + Sync {
    /// A cheap read that only a valid private key may do.
    async fn check_key(&self, key: &VapiApiKey) -> Result<(), ProviderError>;
    /// Answers Vapi's id of the new assistant.
    async fn create_assistant(
        &self,
        key: &VapiApiKey,
        blueprint: &AssistantBlueprint,
    ) -> Result<String, ProviderError>;
    async fn update_assistant(
        &self,
        key: &VapiApiKey,
        id: &str,
        blueprint: &AssistantBlueprint,
    ) -> Result<(), ProviderError>;
    /// Vapi's id of the assistant created for Ava's `assistant`, if Vapi has
    /// one (found by the id the blueprint wrote into its metadata).
    async fn find_assistant(
        &self,
        key: &VapiApiKey,
        assistant: AssistantId,
    ) -> Result<Option<String>, ProviderError>;
    async fn delete_assistant(&self, key: &VapiApiKey, id: &str) -> Result<(), ProviderError>;
    /// Answers Vapi's id of the imported number.
    async fn import_twilio_number(
        &self,
        key: &VapiApiKey,
        import: &NumberImport,
    ) -> Result<String, ProviderError>;
    async fn delete_number(&self, key: &VapiApiKey, number_id: &str) -> Result<(), ProviderError>;
    /// The import of `number` in the owner's organization, if there is one.
    async fn find_number(
        &self,
        key: &VapiApiKey,
        number: &PhoneNumber,
    ) -> Result<Option<ImportedNumber>, ProviderError>;
    /// Points an imported number at another assistant.
    async fn bind_number(
        &self,
        key: &VapiApiKey,
        number_id: &str,
        vapi_assistant_id: &str,
    ) -> Result<(), ProviderError>;
    /// Sets who takes the number's calls, and its fallback.
    async fn route_number(
        &self,
        key: &VapiApiKey,
        number_id: &str,
        routing: &LineRouting,
    ) -> Result<(), ProviderError>;
    /// Places a call; answers Vapi's id of it.
    async fn start_call(
        &self,
        key: &VapiApiKey,
        call: &OutboundCall,
    ) -> Result<String, ProviderError>;
    /// Gives Vapi the owner's new Twilio auth token for an imported number.
    async fn update_number_token(
        &self,
        key: &VapiApiKey,
        number_id: &str,
        auth_token: &TwilioAuthToken,
    ) -> Result<(), ProviderError>;
}

#[derive(Debug, Clone)]
pub struct TwilioCredentials {
    pub account_sid: TwilioAccountSid,
    pub auth_token: TwilioAuthToken,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TwilioAccount {
    /// `active`, `suspended` or `closed`.
    pub status: String,
    pub friendly_name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncomingNumber {
    pub sid: String,
    pub phone_number: String,
    pub friendly_name: Option<String>,
    pub voice: bool,
}

#[async_trait]
pub trait TwilioClient: Send + Sync {
    async fn fetch_account(
        &self,
        credentials: &TwilioCredentials,
    ) -> Result<TwilioAccount, ProviderError>;
    /// Every number of the account, all pages followed.
    async fn incoming_numbers(
        &self,
        credentials: &TwilioCredentials,
    ) -> Result<Vec<IncomingNumber>, ProviderError>;
}

/// The scope of a secret kind for an owner, spelled once.
pub fn scope(owner: UserId, kind: SecretKind) -> SecretScope {
    SecretScope { owner, kind }
}
