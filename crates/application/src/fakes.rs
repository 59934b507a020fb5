//! In-process fakes of every port, for the use cases' unit tests: in memory,
//! small, and as strict as the real adapters about the contracts of the
//! ports (optimistic locking, scope-bound ciphertexts, provider auth).
//!
//! [`World`] wires them all into [`Services`] and keeps a handle on each,
//! so that a test can arrange state, inject failures and inspect effects.

use std::{
    collections::{BTreeMap, HashMap, HashSet, VecDeque},
    sync::{
        Arc, Mutex, MutexGuard, PoisonError,
        atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering},
    },
};

use async_trait::async_trait;
use chrono::{DateTime, Duration, Utc};
use secrecy::{ExposeSecret, SecretString};

use ava_domain::{
    assistant::{Assistant, AssistantBlueprint},
    call::Call,
    credentials::{SecretKind, SecretScope, TwilioAccountSid, TwilioAuthToken, VapiApiKey},
    email::EmailAddress,
    funnel::{Milestone, OnboardingEvent, Period},
    ids::{AssistantId, CallId, SessionId, UserId},
    locale::Locale,
    onboarding::OnboardingProgress,
    password::{Password, PasswordHash},
    phone::PhoneNumber,
    profile::{Profile, ProfileChanges},
    session::{PasswordReset, ResetToken, Session, SessionToken, TokenHash},
    studio::{StudioChanges, StudioConfig},
    text::Text,
    timezone::Timezone,
    user::{NewUser, User},
};

use crate::{
    account::AppUrl,
    auth::SignUp,
    credentials::{SecretInput, TwilioConnect},
    funnel::Operators,
    line::PublicUrl,
    ports::{
        AssistantRepository, CallRepository, CipherError, Clock, CreateUserError,
        CredentialRepository, HashingError, ImportedNumber, IncomingNumber, KeyFingerprint,
        LineRouting, Mail, MailError, Mailer, NumberImport, NumberRoute, OnboardingEventRepository,
        OnboardingRepository, OutboundCall, PasswordHasher, PasswordResetRepository, ProviderError,
        RepositoryError, SaveError, SealedEntry, SealedSecret, SecretCipher, SessionRepository,
        StoredTwilio, StoredVapi, StudioRepository, TokenGenerator, TwilioAccount, TwilioClient,
        TwilioCredentials, UserRepository, VapiClient,
    },
    services::{Ports, Services},
    versioned::Versioned,
};

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

fn storage_failure(what: &str) -> RepositoryError {
    RepositoryError::new(std::io::Error::other(format!("fake storage: {what}")))
}

/// Writes another client slips in right before the next saves: each
/// change is applied to the stored record, whose version then goes up.
struct Interference<T>(Mutex<VecDeque<Change<T>>>);

type Change<T> = Box<dyn FnOnce(&mut T) + Send>;

impl<T> Default for Interference<T> {
    fn default() -> Self {
        Self(Mutex::default())
    }
}

impl<T> Interference<T> {
    fn push(&self, change: impl FnOnce(&mut T) + Send + 'static) {
        lock(&self.0).push_back(Box::new(change));
    }

    /// Applies the next pending change, if any, to `record`.
    fn apply_next(&self, record: &mut T) -> bool {
        let change = lock(&self.0).pop_front();
        change.map(|change| change(record)).is_some()
    }
}

// ---------------------------------------------------------------- users

struct Account {
    user: User,
    password_hash: PasswordHash,
    profile: Profile,
}

#[derive(Default)]
pub struct FakeUsers {
    accounts: Mutex<HashMap<UserId, Account>>,
    before_save: Interference<Profile>,
}

impl FakeUsers {
    /// Another client saves the profile right before the next `save_profile`.
    pub fn interfere(&self, change: impl FnOnce(&mut Profile) + Send + 'static) {
        self.before_save.push(change);
    }

    pub fn count(&self) -> usize {
        lock(&self.accounts).len()
    }

    pub fn stored_profile(&self, id: UserId) -> Option<Profile> {
        lock(&self.accounts)
            .get(&id)
            .map(|account| account.profile.clone())
    }
}

#[async_trait]
impl UserRepository for FakeUsers {
    async fn create(&self, new: &NewUser) -> Result<(), CreateUserError> {
        let mut accounts = lock(&self.accounts);
        let key = new.user.email.key();
        if accounts
            .values()
            .any(|account| account.user.email.key() == key)
        {
            return Err(CreateUserError::EmailTaken);
        }
        let profile = Profile {
            email: new.user.email.clone(),
            full_name: new.user.full_name.clone(),
            organization_name: None,
            industry: None,
            timezone: None,
            locale: new.user.locale,
            marketing_opt_in: false,
            terms_accepted_at: None,
            version: 1,
        };
        let account = Account {
            user: new.user.clone(),
            password_hash: new.password_hash.clone(),
            profile,
        };
        accounts.insert(new.user.id, account);
        Ok(())
    }

    async fn find_by_email(
        &self,
        email_key: &str,
    ) -> Result<Option<(User, PasswordHash)>, RepositoryError> {
        Ok(lock(&self.accounts)
            .values()
            .find(|account| account.user.email.key() == email_key)
            .map(|account| (account.user.clone(), account.password_hash.clone())))
    }

    async fn get(&self, id: UserId) -> Result<Option<User>, RepositoryError> {
        Ok(lock(&self.accounts)
            .get(&id)
            .map(|account| account.user.clone()))
    }

    async fn profile(&self, id: UserId) -> Result<Option<Profile>, RepositoryError> {
        Ok(self.stored_profile(id))
    }

    async fn password_hash(&self, id: UserId) -> Result<Option<PasswordHash>, RepositoryError> {
        Ok(lock(&self.accounts)
            .get(&id)
            .map(|account| account.password_hash.clone()))
    }

    async fn set_password_hash(
        &self,
        id: UserId,
        hash: &PasswordHash,
    ) -> Result<(), RepositoryError> {
        let mut accounts = lock(&self.accounts);
        let account = accounts
            .get_mut(&id)
            .ok_or_else(|| storage_failure("no such user"))?;
        account.password_hash = hash.clone();
        Ok(())
    }

    async fn save_profile(&self, id: UserId, profile: &Profile) -> Result<i64, SaveError> {
        let mut accounts = lock(&self.accounts);
        let account = accounts
            .get_mut(&id)
            .ok_or_else(|| storage_failure("no such user"))?;
        if self.before_save.apply_next(&mut account.profile) {
            account.profile.version += 1;
        }
        if account.profile.version != profile.version {
            return Err(SaveError::Conflict);
        }
        let version = profile.version + 1;
        account.profile = Profile {
            version,
            ..profile.clone()
        };
        // The profile and the account are one row: the name and locale are shared.
        account.user.full_name = profile.full_name.clone();
        account.user.locale = profile.locale;
        Ok(version)
    }
}

// ---------------------------------------------------------------- sessions

#[derive(Default)]
pub struct FakeSessions(Mutex<HashMap<TokenHash, Session>>);

impl FakeSessions {
    pub fn contains(&self, token_hash: &TokenHash) -> bool {
        lock(&self.0).contains_key(token_hash)
    }

    pub fn count(&self) -> usize {
        lock(&self.0).len()
    }
}

#[async_trait]
impl SessionRepository for FakeSessions {
    async fn create(&self, session: &Session) -> Result<(), RepositoryError> {
        lock(&self.0).insert(session.token_hash.clone(), session.clone());
        Ok(())
    }

    async fn find(&self, token_hash: &TokenHash) -> Result<Option<Session>, RepositoryError> {
        Ok(lock(&self.0).get(token_hash).cloned())
    }

    async fn delete(&self, token_hash: &TokenHash) -> Result<(), RepositoryError> {
        lock(&self.0).remove(token_hash);
        Ok(())
    }

    async fn delete_expired(&self, now: DateTime<Utc>) -> Result<u64, RepositoryError> {
        let mut sessions = lock(&self.0);
        let before = sessions.len();
        sessions.retain(|_, session| !session.is_expired_at(now));
        Ok((before - sessions.len()) as u64)
    }

    async fn count_active(&self, now: DateTime<Utc>) -> Result<u64, RepositoryError> {
        let sessions = lock(&self.0);
        Ok(sessions.values().filter(|s| !s.is_expired_at(now)).count() as u64)
    }

    async fn touch(&self, id: SessionId, at: DateTime<Utc>) -> Result<(), RepositoryError> {
        for session in lock(&self.0).values_mut().filter(|s| s.id == id) {
            session.last_used_at = at;
        }
        Ok(())
    }

    async fn list(&self, owner: UserId) -> Result<Vec<Session>, RepositoryError> {
        let mut sessions: Vec<Session> = lock(&self.0)
            .values()
            .filter(|session| session.user_id == owner)
            .cloned()
            .collect();
        sessions.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.id.cmp(&a.id)));
        Ok(sessions)
    }

    async fn delete_of(&self, owner: UserId, id: SessionId) -> Result<bool, RepositoryError> {
        let mut sessions = lock(&self.0);
        let before = sessions.len();
        sessions.retain(|_, session| !(session.user_id == owner && session.id == id));
        Ok(sessions.len() < before)
    }

    async fn delete_all_of(
        &self,
        owner: UserId,
        keep: Option<&TokenHash>,
    ) -> Result<u64, RepositoryError> {
        let mut sessions = lock(&self.0);
        let before = sessions.len();
        sessions.retain(|hash, session| session.user_id != owner || Some(hash) == keep);
        Ok((before - sessions.len()) as u64)
    }
}

// ------------------------------------------------------- password resets

#[derive(Default)]
pub struct FakeResets(Mutex<HashMap<TokenHash, PasswordReset>>);

#[async_trait]
impl PasswordResetRepository for FakeResets {
    async fn replace(&self, reset: &PasswordReset) -> Result<(), RepositoryError> {
        let mut resets = lock(&self.0);
        resets.retain(|_, kept| kept.user_id != reset.user_id);
        resets.insert(reset.token_hash.clone(), reset.clone());
        Ok(())
    }

    async fn find(&self, token_hash: &TokenHash) -> Result<Option<PasswordReset>, RepositoryError> {
        Ok(lock(&self.0).get(token_hash).cloned())
    }

    async fn consume(
        &self,
        token_hash: &TokenHash,
        now: DateTime<Utc>,
    ) -> Result<bool, RepositoryError> {
        let mut resets = lock(&self.0);
        match resets.get_mut(token_hash) {
            Some(reset) if reset.check(now).is_ok() => {
                reset.used_at = Some(now);
                Ok(true)
            }
            _ => Ok(false),
        }
    }
}

/// What the fake mailer was handed: recipient, subject and text.
#[derive(Default)]
pub struct FakeMailer(Mutex<Vec<(String, String, String)>>);

impl FakeMailer {
    pub fn sent(&self) -> Vec<(String, String, String)> {
        lock(&self.0).clone()
    }
}

#[async_trait]
impl Mailer for FakeMailer {
    async fn send(&self, mail: Mail) -> Result<(), MailError> {
        lock(&self.0).push((
            mail.to.as_str().to_owned(),
            mail.subject,
            mail.text.expose_secret().to_owned(),
        ));
        Ok(())
    }
}

// ------------------------------------------------ onboarding and studio

/// A per-owner record saved with optimistic locking: version 0 is "never
/// saved" and only inserts; otherwise the stored version must match.
pub struct FakeVersioned<T> {
    records: Mutex<HashMap<UserId, T>>,
    before_save: Interference<T>,
}

pub type FakeOnboarding = FakeVersioned<OnboardingProgress>;
pub type FakeStudio = FakeVersioned<StudioConfig>;

impl<T> Default for FakeVersioned<T> {
    fn default() -> Self {
        Self {
            records: Mutex::default(),
            before_save: Interference::default(),
        }
    }
}

impl<T: Versioned + Clone + Default> FakeVersioned<T> {
    /// Another client saves the record right before the next save (creating
    /// it from the defaults when it was never saved).
    pub fn interfere(&self, change: impl FnOnce(&mut T) + Send + 'static) {
        self.before_save.push(change);
    }

    pub fn stored(&self, owner: UserId) -> Option<T> {
        lock(&self.records).get(&owner).cloned()
    }

    /// The records, after the interference due before this save.
    fn records_to_save(&self, owner: UserId) -> MutexGuard<'_, HashMap<UserId, T>> {
        let mut records = lock(&self.records);
        let mut slipped_in = records.get(&owner).cloned().unwrap_or_default();
        if self.before_save.apply_next(&mut slipped_in) {
            slipped_in.set_version(slipped_in.version() + 1);
            records.insert(owner, slipped_in);
        }
        records
    }

    fn save_record(&self, owner: UserId, record: &T) -> Result<i64, SaveError> {
        let mut records = self.records_to_save(owner);
        let stored_version = records.get(&owner).map_or(0, Versioned::version);
        if stored_version != record.version() {
            return Err(SaveError::Conflict);
        }
        let mut saved = record.clone();
        saved.set_version(record.version() + 1);
        records.insert(owner, saved);
        Ok(record.version() + 1)
    }
}

#[async_trait]
impl OnboardingRepository for FakeOnboarding {
    async fn get(&self, owner: UserId) -> Result<Option<OnboardingProgress>, RepositoryError> {
        Ok(self.stored(owner))
    }

    async fn save(&self, owner: UserId, progress: &OnboardingProgress) -> Result<i64, SaveError> {
        self.save_record(owner, progress)
    }
}

#[async_trait]
impl StudioRepository for FakeStudio {
    async fn get(&self, owner: UserId) -> Result<Option<StudioConfig>, RepositoryError> {
        Ok(self.stored(owner))
    }

    async fn update(
        &self,
        owner: UserId,
        mut changes: StudioChanges,
        expected: Option<i64>,
    ) -> Result<StudioConfig, SaveError> {
        let mut records = self.records_to_save(owner);
        let mut config = records.get(&owner).cloned().unwrap_or_default();
        if expected.is_some_and(|expected| expected != config.version) {
            return Err(SaveError::Conflict);
        }
        changes.fit_voice_to_languages(&config);
        config.apply(changes);
        config.version += 1;
        records.insert(owner, config.clone());
        Ok(config)
    }
}

// ------------------------------------------------------ onboarding events

/// Keeps the first event of each owner and milestone, as the table's key does.
#[derive(Default)]
pub struct FakeOnboardingEvents(Mutex<BTreeMap<(UserId, Milestone), DateTime<Utc>>>);

impl FakeOnboardingEvents {
    /// The owner's milestones, oldest first (ties in wizard order).
    pub fn of(&self, owner: UserId) -> Vec<(Milestone, DateTime<Utc>)> {
        let mut events: Vec<_> = lock(&self.0)
            .iter()
            .filter(|((of, _), _)| *of == owner)
            .map(|((_, milestone), at)| (*milestone, *at))
            .collect();
        events.sort_by_key(|&(milestone, at)| (at, milestone));
        events
    }
}

#[async_trait]
impl OnboardingEventRepository for FakeOnboardingEvents {
    async fn record(
        &self,
        owner: UserId,
        milestones: &[Milestone],
        at: DateTime<Utc>,
    ) -> Result<(), RepositoryError> {
        let mut events = lock(&self.0);
        for milestone in milestones {
            events.entry((owner, *milestone)).or_insert(at);
        }
        Ok(())
    }

    async fn of_cohort(&self, period: &Period) -> Result<Vec<OnboardingEvent>, RepositoryError> {
        let events = lock(&self.0);
        let cohort: HashSet<UserId> = events
            .iter()
            .filter(|((_, milestone), at)| {
                *milestone == Milestone::SIGNED_UP && period.contains(**at)
            })
            .map(|((owner, _), _)| *owner)
            .collect();
        Ok(events
            .iter()
            .filter(|((owner, _), _)| cohort.contains(owner))
            .map(|((owner, milestone), at)| OnboardingEvent {
                owner: *owner,
                milestone: *milestone,
                at: *at,
            })
            .collect())
    }
}

// ---------------------------------------------------------- credentials

/// What the credential tables hold.
#[derive(Default)]
pub struct CredentialRows {
    pub vapi: BTreeMap<UserId, StoredVapi>,
    pub twilio: BTreeMap<UserId, StoredTwilio>,
    pub webhook: BTreeMap<UserId, SealedSecret>,
}

impl CredentialRows {
    fn sealed_mut(&mut self, scope: SecretScope) -> Option<&mut SealedSecret> {
        match scope.kind {
            SecretKind::VapiApiKey => self
                .vapi
                .get_mut(&scope.owner)
                .map(|stored| &mut stored.key),
            SecretKind::TwilioAuthToken => self
                .twilio
                .get_mut(&scope.owner)
                .map(|stored| &mut stored.auth_token),
            SecretKind::WebhookSecret => self.webhook.get_mut(&scope.owner),
        }
    }

    fn entries(&self) -> Vec<SealedEntry> {
        let vapi = self
            .vapi
            .iter()
            .map(|(owner, stored)| (*owner, SecretKind::VapiApiKey, &stored.key));
        let twilio = self
            .twilio
            .iter()
            .map(|(owner, stored)| (*owner, SecretKind::TwilioAuthToken, &stored.auth_token));
        let webhook = self
            .webhook
            .iter()
            .map(|(owner, sealed)| (*owner, SecretKind::WebhookSecret, sealed));
        vapi.chain(twilio)
            .chain(webhook)
            .map(|(owner, kind, sealed)| SealedEntry {
                scope: SecretScope { owner, kind },
                sealed: sealed.clone(),
            })
            .collect()
    }
}

#[derive(Default)]
pub struct FakeCredentials {
    rows: Mutex<CredentialRows>,
    before_reseal: Interference<CredentialRows>,
}

impl FakeCredentials {
    /// Reads or changes the rows directly, as another process would.
    pub fn edit<R>(&self, change: impl FnOnce(&mut CredentialRows) -> R) -> R {
        change(&mut lock(&self.rows))
    }

    pub fn vapi_of(&self, owner: UserId) -> Option<StoredVapi> {
        lock(&self.rows).vapi.get(&owner).cloned()
    }

    pub fn twilio_of(&self, owner: UserId) -> Option<StoredTwilio> {
        lock(&self.rows).twilio.get(&owner).cloned()
    }

    /// The owner replaces a secret right before the next `reseal`.
    pub fn interfere_before_reseal(
        &self,
        change: impl FnOnce(&mut CredentialRows) + Send + 'static,
    ) {
        self.before_reseal.push(change);
    }
}

#[async_trait]
impl CredentialRepository for FakeCredentials {
    async fn vapi(&self, owner: UserId) -> Result<Option<StoredVapi>, RepositoryError> {
        Ok(self.vapi_of(owner))
    }

    async fn put_vapi(&self, owner: UserId, stored: &StoredVapi) -> Result<(), RepositoryError> {
        lock(&self.rows).vapi.insert(owner, stored.clone());
        Ok(())
    }

    async fn delete_vapi(&self, owner: UserId) -> Result<bool, RepositoryError> {
        Ok(lock(&self.rows).vapi.remove(&owner).is_some())
    }

    async fn twilio(&self, owner: UserId) -> Result<Option<StoredTwilio>, RepositoryError> {
        Ok(self.twilio_of(owner))
    }

    async fn put_twilio(
        &self,
        owner: UserId,
        stored: &StoredTwilio,
    ) -> Result<(), RepositoryError> {
        lock(&self.rows).twilio.insert(owner, stored.clone());
        Ok(())
    }

    async fn delete_twilio(&self, owner: UserId) -> Result<bool, RepositoryError> {
        Ok(lock(&self.rows).twilio.remove(&owner).is_some())
    }

    async fn webhook_secret(&self, owner: UserId) -> Result<Option<SealedSecret>, RepositoryError> {
        Ok(lock(&self.rows).webhook.get(&owner).cloned())
    }

    async fn put_webhook_secret(
        &self,
        owner: UserId,
        sealed: &SealedSecret,
    ) -> Result<(), RepositoryError> {
        lock(&self.rows).webhook.insert(owner, sealed.clone());
        Ok(())
    }

    async fn all_sealed(&self) -> Result<Vec<SealedEntry>, RepositoryError> {
        Ok(lock(&self.rows).entries())
    }

    async fn reseal(
        &self,
        scope: SecretScope,
        previous: &SealedSecret,
        resealed: &SealedSecret,
    ) -> Result<bool, RepositoryError> {
        let mut rows = lock(&self.rows);
        self.before_reseal.apply_next(&mut rows);
        match rows.sealed_mut(scope) {
            Some(sealed) if sealed == previous => {
                *sealed = resealed.clone();
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    async fn fingerprints_in_use(&self) -> Result<Vec<(KeyFingerprint, u64)>, RepositoryError> {
        let mut counts: BTreeMap<KeyFingerprint, u64> = BTreeMap::new();
        for entry in lock(&self.rows).entries() {
            *counts.entry(entry.sealed.key_fingerprint).or_default() += 1;
        }
        Ok(counts.into_iter().collect())
    }
}

// ----------------------------------------------------------- assistants

#[derive(Default)]
pub struct FakeAssistants {
    rows: Mutex<Vec<Assistant>>,
    failing: AtomicBool,
}

impl FakeAssistants {
    /// Makes every `save` fail (or succeed again).
    pub fn fail_saves(&self, failing: bool) {
        self.failing.store(failing, Ordering::SeqCst);
    }

    pub fn all(&self) -> Vec<Assistant> {
        lock(&self.rows).clone()
    }
}

#[async_trait]
impl AssistantRepository for FakeAssistants {
    async fn save(
        &self,
        assistant: &Assistant,
        released: Option<AssistantId>,
    ) -> Result<(), RepositoryError> {
        if self.failing.load(Ordering::SeqCst) {
            return Err(storage_failure("saving assistants was told to fail"));
        }
        let mut rows = lock(&self.rows);
        for row in rows.iter_mut().filter(|row| Some(row.id) == released) {
            row.phone_number = None;
            row.vapi_phone_number_id = None;
        }
        match rows.iter_mut().find(|row| row.id == assistant.id) {
            Some(row) => *row = assistant.clone(),
            None => rows.push(assistant.clone()),
        }
        Ok(())
    }

    async fn list(&self, owner: UserId) -> Result<Vec<Assistant>, RepositoryError> {
        let mut owned: Vec<Assistant> = lock(&self.rows)
            .iter()
            .filter(|row| row.owner == owner)
            .cloned()
            .collect();
        // Stable: assistants created at the same instant stay in creation order.
        owned.sort_by_key(|assistant| assistant.created_at);
        Ok(owned)
    }
}

// --------------------------------------------------------------- cipher

/// Not encryption, but honest about what encryption guarantees here: the
/// ciphertext names its key and scope and hides the secret (hex-encoded),
/// and it opens only with a configured key and for the same scope.
pub struct FakeCipher {
    /// The configured keys, the current one first.
    keys: Mutex<Vec<KeyFingerprint>>,
}

impl FakeCipher {
    pub fn with_keys(fingerprints: &[&str]) -> Self {
        let cipher = Self {
            keys: Mutex::default(),
        };
        cipher.configure(fingerprints);
        cipher
    }

    /// Replaces the configured keys, as a restart with another `ENCRYPTION_KEY` would.
    pub fn configure(&self, fingerprints: &[&str]) {
        assert!(!fingerprints.is_empty(), "a cipher needs a key");
        *lock(&self.keys) = fingerprints
            .iter()
            .map(|fingerprint| KeyFingerprint((*fingerprint).to_owned()))
            .collect();
    }

    fn scope_label(scope: SecretScope) -> String {
        format!("{}/{}", scope.owner, scope.kind.code())
    }
}

fn hex_encode(text: &str) -> String {
    text.bytes().map(|byte| format!("{byte:02x}")).collect()
}

fn hex_decode(hex: &str) -> Option<String> {
    let bytes: Option<Vec<u8>> = (0..hex.len())
        .step_by(2)
        .map(|at| {
            hex.get(at..at + 2)
                .and_then(|pair| u8::from_str_radix(pair, 16).ok())
        })
        .collect();
    String::from_utf8(bytes?).ok()
}

impl SecretCipher for FakeCipher {
    fn seal(&self, scope: SecretScope, secret: &SecretString) -> Result<SealedSecret, CipherError> {
        let key = self.current_fingerprint();
        let ciphertext = format!(
            "{key}|{}|{}",
            Self::scope_label(scope),
            hex_encode(secret.expose_secret())
        );
        Ok(SealedSecret {
            ciphertext,
            key_fingerprint: key,
        })
    }

    fn open(&self, scope: SecretScope, sealed: &SealedSecret) -> Result<SecretString, CipherError> {
        if !self.knows(&sealed.key_fingerprint) {
            return Err(CipherError::Undecryptable);
        }
        let mut parts = sealed.ciphertext.splitn(3, '|');
        let (Some(key), Some(label), Some(hex)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(CipherError::Undecryptable);
        };
        if key != sealed.key_fingerprint.0 {
            return Err(CipherError::Undecryptable);
        }
        if label != Self::scope_label(scope) {
            return Err(CipherError::WrongScope);
        }
        hex_decode(hex)
            .map(SecretString::from)
            .ok_or(CipherError::Undecryptable)
    }

    fn current_fingerprint(&self) -> KeyFingerprint {
        lock(&self.keys)[0].clone()
    }

    fn knows(&self, fingerprint: &KeyFingerprint) -> bool {
        lock(&self.keys).contains(fingerprint)
    }
}

// ------------------------------------------------ hasher, tokens, clock

#[derive(Default)]
pub struct FakeHasher {
    verifications: AtomicUsize,
}

impl FakeHasher {
    /// How many times a password was checked, with or without a hash.
    pub fn verifications(&self) -> usize {
        self.verifications.load(Ordering::SeqCst)
    }
}

#[async_trait]
impl PasswordHasher for FakeHasher {
    async fn hash(&self, password: Password) -> Result<PasswordHash, HashingError> {
        Ok(PasswordHash::new(format!("hashed:{}", password.expose())))
    }

    async fn verify(
        &self,
        password: Password,
        hash: Option<PasswordHash>,
    ) -> Result<bool, HashingError> {
        self.verifications.fetch_add(1, Ordering::SeqCst);
        Ok(hash.is_some_and(|hash| hash.as_str() == format!("hashed:{}", password.expose())))
    }
}

#[derive(Default)]
pub struct FakeTokens(AtomicU64);

impl TokenGenerator for FakeTokens {
    fn session_token(&self) -> SessionToken {
        let serial = self.0.fetch_add(1, Ordering::SeqCst) + 1;
        let mut bytes = [0u8; 32];
        bytes[..8].copy_from_slice(&serial.to_le_bytes());
        SessionToken::from_random_bytes(&bytes)
    }

    fn webhook_secret(&self) -> SecretString {
        let serial = self.0.fetch_add(1, Ordering::SeqCst) + 1;
        SecretString::from(format!("webhook-secret-{serial}"))
    }

    fn reset_token(&self) -> ResetToken {
        let serial = self.0.fetch_add(1, Ordering::SeqCst) + 1;
        let mut bytes = [1u8; 32];
        bytes[..8].copy_from_slice(&serial.to_le_bytes());
        ResetToken::from_random_bytes(&bytes)
    }
}

// ---------------------------------------------------------------- calls

#[derive(Default)]
pub struct FakeCalls(Mutex<Vec<Call>>);

impl FakeCalls {
    pub fn all(&self) -> Vec<Call> {
        lock(&self.0).clone()
    }
}

#[async_trait]
impl CallRepository for FakeCalls {
    async fn record(&self, call: &Call) -> Result<CallId, RepositoryError> {
        let mut calls = lock(&self.0);
        let same = calls.iter_mut().find(|kept| {
            kept.owner == call.owner && kept.report.vapi_call_id == call.report.vapi_call_id
        });
        match same {
            Some(kept) => {
                kept.report = call.report.clone();
                kept.during_hours = call.during_hours;
                Ok(kept.id)
            }
            None => {
                calls.push(call.clone());
                Ok(call.id)
            }
        }
    }

    async fn page(
        &self,
        owner: UserId,
        limit: u64,
        before: Option<CallId>,
    ) -> Result<Vec<Call>, RepositoryError> {
        let mut calls: Vec<Call> = lock(&self.0)
            .iter()
            .filter(|call| call.owner == owner && before.is_none_or(|before| call.id < before))
            .cloned()
            .collect();
        calls.sort_by_key(|call| std::cmp::Reverse(call.id));
        calls.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
        Ok(calls)
    }
}

pub struct FakeClock(Mutex<DateTime<Utc>>);

impl FakeClock {
    pub fn at(now: DateTime<Utc>) -> Self {
        Self(Mutex::new(now))
    }

    pub fn advance(&self, by: Duration) {
        *lock(&self.0) += by;
    }
}

impl Clock for FakeClock {
    fn now(&self) -> DateTime<Utc> {
        *lock(&self.0)
    }
}

// ----------------------------------------------------------------- Vapi

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VapiOp {
    CheckKey,
    CreateAssistant,
    UpdateAssistant,
    DeleteAssistant,
    ImportNumber,
    DeleteNumber,
    BindNumber,
    UpdateNumberToken,
    FindAssistant,
    FindNumber,
    RouteNumber,
    StartCall,
}

/// A call Vapi received, whether it succeeded or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VapiCall {
    CheckKey {
        key: String,
    },
    CreateAssistant {
        name: String,
    },
    UpdateAssistant {
        id: String,
        name: String,
    },
    DeleteAssistant {
        id: String,
    },
    ImportNumber {
        number: String,
        account_sid: String,
        auth_token: String,
        assistant_id: String,
    },
    DeleteNumber {
        id: String,
    },
    BindNumber {
        number_id: String,
        assistant_id: String,
    },
    UpdateNumberToken {
        number_id: String,
        auth_token: String,
    },
    FindAssistant {
        assistant: AssistantId,
    },
    FindNumber {
        number: String,
    },
    RouteNumber {
        number_id: String,
        assistant_id: Option<String>,
        server_url: Option<String>,
        fallback: Option<String>,
    },
    StartCall {
        assistant_id: String,
        number_id: String,
        customer: String,
    },
}

/// A phone number imported into the fake Vapi.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VapiNumber {
    pub number: String,
    /// None when Vapi asks a server about each call.
    pub assistant_id: Option<String>,
    pub server_url: Option<String>,
    /// The secret header Vapi presents to the server.
    pub server_secret: Option<String>,
    pub fallback: Option<String>,
}

impl VapiNumber {
    pub fn bound_to(number: &str, assistant_id: &str) -> Self {
        Self {
            number: number.to_owned(),
            assistant_id: Some(assistant_id.to_owned()),
            server_url: None,
            server_secret: None,
            fallback: None,
        }
    }
}

#[derive(Default)]
struct VapiState {
    valid_keys: HashSet<String>,
    failures: HashMap<VapiOp, ProviderError>,
    calls: Vec<VapiCall>,
    /// Assistant id → name.
    assistants: BTreeMap<String, String>,
    /// Assistant id → the id Ava wrote into its metadata.
    ava_ids: BTreeMap<String, AssistantId>,
    /// Operations carried out, then answered with a timeout.
    late_timeouts: HashSet<VapiOp>,
    numbers: BTreeMap<String, VapiNumber>,
    serial: u64,
}

impl VapiState {
    /// Records the call, then answers the injected failure or refuses an unknown key.
    fn receive(
        &mut self,
        op: VapiOp,
        key: &VapiApiKey,
        call: VapiCall,
    ) -> Result<(), ProviderError> {
        self.calls.push(call);
        if let Some(error) = self.failures.get(&op) {
            return Err(error.clone());
        }
        if !self.valid_keys.contains(key.expose()) {
            return Err(ProviderError::Unauthorized);
        }
        Ok(())
    }

    /// The answer of a call that was carried out.
    fn answer<T>(&self, op: VapiOp, value: T) -> Result<T, ProviderError> {
        if self.late_timeouts.contains(&op) {
            Err(ProviderError::Timeout)
        } else {
            Ok(value)
        }
    }

    fn new_id(&mut self, prefix: &str) -> String {
        self.serial += 1;
        format!("{prefix}-{}", self.serial)
    }

    fn assistant_exists(&self, id: &str) -> Result<(), ProviderError> {
        if self.assistants.contains_key(id) {
            Ok(())
        } else {
            Err(ProviderError::NotFound)
        }
    }
}

#[derive(Default)]
pub struct FakeVapi(Mutex<VapiState>);

impl FakeVapi {
    pub fn accepting(keys: &[&str]) -> Self {
        let vapi = Self::default();
        lock(&vapi.0).valid_keys = keys.iter().map(|key| (*key).to_owned()).collect();
        vapi
    }

    /// Makes every call of `op` fail with `error`.
    pub fn fail(&self, op: VapiOp, error: ProviderError) {
        lock(&self.0).failures.insert(op, error);
    }

    /// A number imported in Vapi without Ava (by the owner, or by an import
    /// whose answer Ava never got); answers its id.
    pub fn import_directly(&self, number: &str, assistant_id: &str) -> String {
        let mut vapi = lock(&self.0);
        let id = vapi.new_id("num");
        vapi.numbers
            .insert(id.clone(), VapiNumber::bound_to(number, assistant_id));
        id
    }

    /// The owner binds a number to an assistant in Vapi's dashboard.
    pub fn rebind_directly(&self, number_id: &str, assistant_id: &str) {
        if let Some(number) = lock(&self.0).numbers.get_mut(number_id) {
            *number = VapiNumber::bound_to(&number.number, assistant_id);
        }
    }

    /// Makes every call of `op` happen, but answer a timeout: the answer
    /// is lost, not the request.
    pub fn time_out_after_doing(&self, op: VapiOp) {
        lock(&self.0).late_timeouts.insert(op);
    }

    pub fn calls(&self) -> Vec<VapiCall> {
        lock(&self.0).calls.clone()
    }

    /// The ids of the assistants that exist in Vapi.
    pub fn assistants(&self) -> Vec<String> {
        lock(&self.0).assistants.keys().cloned().collect()
    }

    /// The numbers imported into Vapi, by id.
    pub fn numbers(&self) -> BTreeMap<String, VapiNumber> {
        lock(&self.0).numbers.clone()
    }
}

#[async_trait]
impl VapiClient for FakeVapi {
    async fn check_key(&self, key: &VapiApiKey) -> Result<(), ProviderError> {
        lock(&self.0).receive(
            VapiOp::CheckKey,
            key,
            VapiCall::CheckKey {
                key: key.expose().to_owned(),
            },
        )
    }

    async fn create_assistant(
        &self,
        key: &VapiApiKey,
        blueprint: &AssistantBlueprint,
    ) -> Result<String, ProviderError> {
        let mut vapi = lock(&self.0);
        vapi.receive(
            VapiOp::CreateAssistant,
            key,
            VapiCall::CreateAssistant {
                name: blueprint.name.clone(),
            },
        )?;
        let id = vapi.new_id("asst");
        vapi.assistants.insert(id.clone(), blueprint.name.clone());
        vapi.ava_ids.insert(id.clone(), blueprint.assistant);
        vapi.answer(VapiOp::CreateAssistant, id)
    }

    async fn update_assistant(
        &self,
        key: &VapiApiKey,
        id: &str,
        blueprint: &AssistantBlueprint,
    ) -> Result<(), ProviderError> {
        let mut vapi = lock(&self.0);
        let call = VapiCall::UpdateAssistant {
            id: id.to_owned(),
            name: blueprint.name.clone(),
        };
        vapi.receive(VapiOp::UpdateAssistant, key, call)?;
        vapi.assistant_exists(id)?;
        vapi.assistants
            .insert(id.to_owned(), blueprint.name.clone());
        Ok(())
    }

    async fn find_assistant(
        &self,
        key: &VapiApiKey,
        assistant: AssistantId,
    ) -> Result<Option<String>, ProviderError> {
        let mut vapi = lock(&self.0);
        vapi.receive(
            VapiOp::FindAssistant,
            key,
            VapiCall::FindAssistant { assistant },
        )?;
        Ok(vapi
            .ava_ids
            .iter()
            .find(|(_, ava)| **ava == assistant)
            .map(|(id, _)| id.clone()))
    }

    async fn find_number(
        &self,
        key: &VapiApiKey,
        number: &PhoneNumber,
    ) -> Result<Option<ImportedNumber>, ProviderError> {
        let mut vapi = lock(&self.0);
        let call = VapiCall::FindNumber {
            number: number.as_str().to_owned(),
        };
        vapi.receive(VapiOp::FindNumber, key, call)?;
        Ok(vapi
            .numbers
            .iter()
            .find(|(_, imported)| imported.number == number.as_str())
            .map(|(id, imported)| ImportedNumber {
                id: id.clone(),
                assistant_id: imported.assistant_id.clone(),
                server_url: imported.server_url.clone(),
            }))
    }

    async fn delete_assistant(&self, key: &VapiApiKey, id: &str) -> Result<(), ProviderError> {
        let mut vapi = lock(&self.0);
        vapi.receive(
            VapiOp::DeleteAssistant,
            key,
            VapiCall::DeleteAssistant { id: id.to_owned() },
        )?;
        vapi.assistants
            .remove(id)
            .map(drop)
            .ok_or(ProviderError::NotFound)
    }

    async fn import_twilio_number(
        &self,
        key: &VapiApiKey,
        import: &NumberImport,
    ) -> Result<String, ProviderError> {
        let mut vapi = lock(&self.0);
        let call = VapiCall::ImportNumber {
            number: import.number.as_str().to_owned(),
            account_sid: import.account_sid.as_str().to_owned(),
            auth_token: import.auth_token.expose().to_owned(),
            assistant_id: import.vapi_assistant_id.clone(),
        };
        vapi.receive(VapiOp::ImportNumber, key, call)?;
        vapi.assistant_exists(&import.vapi_assistant_id)?;
        if vapi
            .numbers
            .values()
            .any(|imported| imported.number == import.number.as_str())
        {
            return Err(ProviderError::Rejected {
                message: "this number is already imported".to_owned(),
            });
        }
        let id = vapi.new_id("num");
        let number = VapiNumber::bound_to(import.number.as_str(), &import.vapi_assistant_id);
        vapi.numbers.insert(id.clone(), number);
        vapi.answer(VapiOp::ImportNumber, id)
    }

    async fn delete_number(&self, key: &VapiApiKey, number_id: &str) -> Result<(), ProviderError> {
        let mut vapi = lock(&self.0);
        vapi.receive(
            VapiOp::DeleteNumber,
            key,
            VapiCall::DeleteNumber {
                id: number_id.to_owned(),
            },
        )?;
        vapi.numbers
            .remove(number_id)
            .map(drop)
            .ok_or(ProviderError::NotFound)
    }

    async fn bind_number(
        &self,
        key: &VapiApiKey,
        number_id: &str,
        vapi_assistant_id: &str,
    ) -> Result<(), ProviderError> {
        let mut vapi = lock(&self.0);
        let call = VapiCall::BindNumber {
            number_id: number_id.to_owned(),
            assistant_id: vapi_assistant_id.to_owned(),
        };
        vapi.receive(VapiOp::BindNumber, key, call)?;
        vapi.assistant_exists(vapi_assistant_id)?;
        let number = vapi
            .numbers
            .get_mut(number_id)
            .ok_or(ProviderError::NotFound)?;
        number.assistant_id = Some(vapi_assistant_id.to_owned());
        Ok(())
    }

    async fn route_number(
        &self,
        key: &VapiApiKey,
        number_id: &str,
        routing: &LineRouting,
    ) -> Result<(), ProviderError> {
        let mut vapi = lock(&self.0);
        let (assistant_id, server) = match &routing.route {
            NumberRoute::Assistant { vapi_assistant_id } => (Some(vapi_assistant_id.clone()), None),
            NumberRoute::Server { url, secret } => {
                (None, Some((url.clone(), secret.expose_secret().to_owned())))
            }
        };
        let fallback = routing
            .fallback
            .as_ref()
            .map(|number| number.as_str().to_owned());
        let call = VapiCall::RouteNumber {
            number_id: number_id.to_owned(),
            assistant_id: assistant_id.clone(),
            server_url: server.as_ref().map(|(url, _)| url.clone()),
            fallback: fallback.clone(),
        };
        vapi.receive(VapiOp::RouteNumber, key, call)?;
        if let Some(id) = &assistant_id {
            vapi.assistant_exists(id)?;
        }
        let number = vapi
            .numbers
            .get_mut(number_id)
            .ok_or(ProviderError::NotFound)?;
        number.assistant_id = assistant_id;
        if let Some((url, secret)) = server {
            number.server_url = Some(url);
            number.server_secret = Some(secret);
        }
        number.fallback = fallback;
        Ok(())
    }

    async fn start_call(
        &self,
        key: &VapiApiKey,
        call: &OutboundCall,
    ) -> Result<String, ProviderError> {
        let mut vapi = lock(&self.0);
        let received = VapiCall::StartCall {
            assistant_id: call.vapi_assistant_id.clone(),
            number_id: call.vapi_number_id.clone(),
            customer: call.customer.as_str().to_owned(),
        };
        vapi.receive(VapiOp::StartCall, key, received)?;
        vapi.assistant_exists(&call.vapi_assistant_id)?;
        if !vapi.numbers.contains_key(&call.vapi_number_id) {
            return Err(ProviderError::NotFound);
        }
        Ok(vapi.new_id("call"))
    }

    async fn update_number_token(
        &self,
        key: &VapiApiKey,
        number_id: &str,
        auth_token: &TwilioAuthToken,
    ) -> Result<(), ProviderError> {
        let mut vapi = lock(&self.0);
        let call = VapiCall::UpdateNumberToken {
            number_id: number_id.to_owned(),
            auth_token: auth_token.expose().to_owned(),
        };
        vapi.receive(VapiOp::UpdateNumberToken, key, call)?;
        vapi.numbers
            .get(number_id)
            .map(drop)
            .ok_or(ProviderError::NotFound)
    }
}

// --------------------------------------------------------------- Twilio

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TwilioOp {
    FetchAccount,
    IncomingNumbers,
}

pub struct FakeTwilioAccount {
    pub auth_token: String,
    /// `active`, `suspended` or `closed`.
    pub status: String,
    pub numbers: Vec<IncomingNumber>,
}

#[derive(Default)]
struct TwilioState {
    accounts: HashMap<String, FakeTwilioAccount>,
    failures: HashMap<TwilioOp, ProviderError>,
    calls: Vec<TwilioOp>,
}

#[derive(Default)]
pub struct FakeTwilio(Mutex<TwilioState>);

impl FakeTwilio {
    pub fn add_account(&self, account_sid: &str, account: FakeTwilioAccount) {
        lock(&self.0)
            .accounts
            .insert(account_sid.to_owned(), account);
    }

    /// Changes something of an existing account (its token, status, numbers).
    pub fn edit_account(&self, account_sid: &str, change: impl FnOnce(&mut FakeTwilioAccount)) {
        let mut twilio = lock(&self.0);
        let account = twilio.accounts.get_mut(account_sid);
        change(account.unwrap_or_else(|| panic!("no fake Twilio account {account_sid}")));
    }

    /// Makes every call of `op` fail with `error`.
    pub fn fail(&self, op: TwilioOp, error: ProviderError) {
        lock(&self.0).failures.insert(op, error);
    }

    pub fn calls(&self) -> Vec<TwilioOp> {
        lock(&self.0).calls.clone()
    }

    /// Like Twilio's basic auth: a SID it does not know is a 404, a wrong
    /// token a 401.
    fn receive<T>(
        &self,
        op: TwilioOp,
        credentials: &TwilioCredentials,
        answer: impl FnOnce(&FakeTwilioAccount) -> T,
    ) -> Result<T, ProviderError> {
        let mut twilio = lock(&self.0);
        twilio.calls.push(op);
        if let Some(error) = twilio.failures.get(&op) {
            return Err(error.clone());
        }
        let account = twilio
            .accounts
            .get(credentials.account_sid.as_str())
            .ok_or(ProviderError::NotFound)?;
        if account.auth_token != credentials.auth_token.expose() {
            return Err(ProviderError::Unauthorized);
        }
        Ok(answer(account))
    }
}

#[async_trait]
impl TwilioClient for FakeTwilio {
    async fn fetch_account(
        &self,
        credentials: &TwilioCredentials,
    ) -> Result<TwilioAccount, ProviderError> {
        self.receive(TwilioOp::FetchAccount, credentials, |account| {
            TwilioAccount {
                status: account.status.clone(),
                friendly_name: Some("Acme Dental".to_owned()),
            }
        })
    }

    async fn incoming_numbers(
        &self,
        credentials: &TwilioCredentials,
    ) -> Result<Vec<IncomingNumber>, ProviderError> {
        self.receive(TwilioOp::IncomingNumbers, credentials, |account| {
            account.numbers.clone()
        })
    }
}

// ---------------------------------------------------------------- world

pub const PASSWORD: &str = "correct horse battery";
pub const VAPI_KEY: &str = "vapi-private-key-0001";
pub const ACCOUNT_SID: &str = "AC0123456789abcdef0123456789abcdef";
pub const AUTH_TOKEN: &str = "twilio-auth-token-0001";
/// A voice number of the Twilio account.
pub const NUMBER: &str = "+14155550123";
/// Another voice number of the Twilio account.
pub const OTHER_NUMBER: &str = "+14155550124";
/// A number of the Twilio account that cannot take calls.
pub const SMS_ONLY_NUMBER: &str = "+14155550199";
pub const SESSION_LIFETIME: Duration = Duration::days(30);

pub fn incoming(sid: &str, number: &str, voice: bool) -> IncomingNumber {
    IncomingNumber {
        sid: sid.to_owned(),
        phone_number: number.to_owned(),
        friendly_name: None,
        voice,
    }
}

pub fn phone(number: &str) -> PhoneNumber {
    PhoneNumber::parse(number).unwrap()
}

/// Every port faked, the services wired to them, and a handle on each fake.
pub struct World {
    pub app: Services,
    pub users: Arc<FakeUsers>,
    pub sessions: Arc<FakeSessions>,
    pub mailer: Arc<FakeMailer>,
    pub onboarding: Arc<FakeOnboarding>,
    pub events: Arc<FakeOnboardingEvents>,
    pub studio: Arc<FakeStudio>,
    pub credentials: Arc<FakeCredentials>,
    pub assistants: Arc<FakeAssistants>,
    pub calls: Arc<FakeCalls>,
    pub cipher: Arc<FakeCipher>,
    pub hasher: Arc<FakeHasher>,
    pub clock: Arc<FakeClock>,
    pub vapi: Arc<FakeVapi>,
    pub twilio: Arc<FakeTwilio>,
    owners: AtomicU64,
}

/// Where the worlds' owners open the web app.
pub const APP_URL: &str = "https://app.ava.example.test";

/// The operator of every world (`AVA_ADMIN_EMAILS`).
pub const OPERATOR_EMAIL: &str = "ops@ava.example.test";

/// The public URL of the worlds in which Vapi asks Ava about each call.
pub const PUBLIC_URL: &str = "https://ava.example.test";

impl World {
    /// Vapi accepts [`VAPI_KEY`]; Twilio has the active account
    /// [`ACCOUNT_SID`] with [`NUMBER`], [`OTHER_NUMBER`] and an SMS-only
    /// number; secrets are sealed with the key `key-1`.
    pub fn new() -> Self {
        Self::with_public_url(None)
    }

    /// The same world, Vapi asking Ava at [`PUBLIC_URL`] about each call.
    pub fn routed_by_ava() -> Self {
        Self::with_public_url(Some(PUBLIC_URL))
    }

    fn with_public_url(public_url: Option<&str>) -> Self {
        let users = Arc::new(FakeUsers::default());
        let sessions = Arc::new(FakeSessions::default());
        let resets = Arc::new(FakeResets::default());
        let mailer = Arc::new(FakeMailer::default());
        let onboarding = Arc::new(FakeOnboarding::default());
        let events = Arc::new(FakeOnboardingEvents::default());
        let studio = Arc::new(FakeStudio::default());
        let credentials = Arc::new(FakeCredentials::default());
        let assistants = Arc::new(FakeAssistants::default());
        let calls = Arc::new(FakeCalls::default());
        let cipher = Arc::new(FakeCipher::with_keys(&["key-1"]));
        let hasher = Arc::new(FakeHasher::default());
        let clock = Arc::new(FakeClock::at("2026-11-25T10:00:00Z".parse().unwrap()));
        let vapi = Arc::new(FakeVapi::accepting(&[VAPI_KEY]));
        let twilio = Arc::new(FakeTwilio::default());
        twilio.add_account(
            ACCOUNT_SID,
            FakeTwilioAccount {
                auth_token: AUTH_TOKEN.to_owned(),
                status: "active".to_owned(),
                numbers: vec![
                    incoming("PN01", NUMBER, true),
                    incoming("PN02", OTHER_NUMBER, true),
                    incoming("PN03", SMS_ONLY_NUMBER, false),
                ],
            },
        );
        let ports = Ports {
            users: users.clone(),
            sessions: sessions.clone(),
            resets: resets.clone(),
            onboarding: onboarding.clone(),
            onboarding_events: events.clone(),
            studio: studio.clone(),
            credentials: credentials.clone(),
            assistants: assistants.clone(),
            calls: calls.clone(),
            cipher: cipher.clone(),
            hasher: hasher.clone(),
            tokens: Arc::new(FakeTokens::default()),
            clock: clock.clone(),
            vapi: vapi.clone(),
            twilio: twilio.clone(),
            mailer: mailer.clone(),
        };
        Self {
            app: Services::new(
                ports,
                SESSION_LIFETIME,
                PublicUrl::new(public_url),
                AppUrl::new(APP_URL),
                Operators::parse(OPERATOR_EMAIL).unwrap(),
            ),
            users,
            sessions,
            mailer,
            onboarding,
            events,
            studio,
            credentials,
            assistants,
            calls,
            cipher,
            hasher,
            clock,
            vapi,
            twilio,
            owners: AtomicU64::new(0),
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// Signs up a new owner (`owner-N@acme.test`).
    pub async fn owner(&self) -> UserId {
        let serial = self.owners.fetch_add(1, Ordering::SeqCst) + 1;
        self.sign_up(&format!("owner-{serial}@acme.test")).await
    }

    pub async fn sign_up(&self, email: &str) -> UserId {
        let request = SignUp {
            email: EmailAddress::parse(email).unwrap(),
            password: Password::new(PASSWORD.to_owned()).unwrap(),
            full_name: None,
            locale: Locale::He,
        };
        self.app.auth.sign_up(request, None).await.unwrap().user.id
    }

    /// Fills every required field of the profile and accepts the terms.
    pub async fn complete_profile(&self, owner: UserId) {
        self.app
            .profile
            .update(owner, complete_profile_changes(), None)
            .await
            .unwrap();
    }

    pub async fn connect_vapi(&self, owner: UserId) {
        let key = VapiApiKey::parse(VAPI_KEY).unwrap();
        self.app
            .credentials
            .connect_vapi(owner, SecretInput::New(key))
            .await
            .unwrap();
    }

    pub async fn connect_twilio(&self, owner: UserId, number: Option<&str>) {
        self.app
            .credentials
            .connect_twilio(owner, twilio_connect(AUTH_TOKEN, number))
            .await
            .unwrap();
    }
}

pub fn complete_profile_changes() -> ProfileChanges {
    ProfileChanges {
        full_name: Some(Some(Text::new("Dana Levi").unwrap())),
        organization_name: Some(Some(Text::new("Acme Dental").unwrap())),
        timezone: Some(Some(Timezone::parse("Asia/Jerusalem").unwrap())),
        accept_terms: Some(true),
        ..ProfileChanges::default()
    }
}

/// A request to connect [`ACCOUNT_SID`] with `auth_token`.
pub fn twilio_connect(auth_token: &str, number: Option<&str>) -> TwilioConnect {
    TwilioConnect {
        account_sid: TwilioAccountSid::parse(ACCOUNT_SID).unwrap(),
        auth_token: SecretInput::New(TwilioAuthToken::parse(auth_token).unwrap()),
        phone_number: number.map(phone),
    }
}
