//! Server-side session storage: the database by default, Redis when
//! `REDIS_URL` is set. Either way the cookie holds only a random key, so
//! ending a session on the server ends it for every copy of the cookie.
//!
//! The database store also reads, in the same statement as the session, the
//! person it is logged in as, which every page needs next (one round trip
//! fewer per page). It hands that person on inside the loaded state, under
//! [`PERSON_KEY`], where `auth::current` takes it; it is never stored.
//! On PostgreSQL both are kept in memory between pages while nothing they
//! were read from has changed (`db::session_cache`).

use std::collections::HashMap;

use actix_session::storage::{
    generate_session_key, LoadError, RedisSessionStore, SaveError, SessionKey, SessionStore,
    UpdateError,
};
use actix_web::cookie::time::Duration;
use serde::{Deserialize, Serialize};

use crate::db::memberships::Person;
use crate::db::{self, Pool};

type State = HashMap<String, String>;

/// Where actix-identity keeps the logged-in user's id in the state, as a
/// JSON string.
const IDENTITY_KEY: &str = "actix_identity.user_id";

/// The entry of a loaded state that carries the person read with it.
pub const PERSON_KEY: &str = "partnerdesk.person";

/// The person read with a session: who the session was logged in as, and
/// that user with their memberships (`None` if the user is gone).
#[derive(Serialize, Deserialize)]
pub struct SessionPerson {
    pub user_id: i64,
    pub person: Option<Person>,
}

/// A session's entries as stored, for code that keeps a copy of them (*Log
/// in as* keeps the actor's): without the person handed on at load.
pub fn storable(entries: &State) -> State {
    entries
        .iter()
        .filter(|(k, _)| *k != PERSON_KEY)
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// The user a state is logged in as, written beside it for [`PERSON_KEY`].
fn logged_in_user(state: &State) -> Option<i64> {
    let id: String = serde_json::from_str(state.get(IDENTITY_KEY)?).ok()?;
    id.parse().ok()
}

/// A state as stored: without the person handed on at load.
fn stored(state: &State) -> serde_json::Result<(String, Option<i64>)> {
    Ok((
        serde_json::to_string(&storable(state))?,
        logged_in_user(state),
    ))
}

#[derive(Clone)]
pub struct DbSessionStore {
    pool: Pool,
}

impl DbSessionStore {
    pub fn new(pool: Pool) -> Self {
        Self { pool }
    }

    async fn blocking<T, F>(&self, f: F) -> anyhow::Result<T>
    where
        F: FnOnce(&mut db::AnyConnection) -> diesel::QueryResult<T> + Send + 'static,
        T: Send + 'static,
    {
        self.pool.run(move |c| Ok(f(c)?)).await
    }

    /// The session under `hash`, as kept in memory if it may be (see
    /// `db::session_cache`), else read: by key, at every request, so on this
    /// thread.
    async fn read(&self, hash: &str) -> anyhow::Result<Option<db::sessions::Loaded>> {
        let cache = self.pool.session_cache();
        if let Some(kept) = cache.and_then(|c| c.get(hash, db::now())) {
            return Ok(Some(kept));
        }
        let ticket = cache.and_then(|c| c.ticket());
        let loaded = self
            .pool
            .run_here(|c| Ok::<_, anyhow::Error>(db::sessions::load(c, hash)?))
            .await?;
        if let (Some(cache), Some(ticket), Some(loaded)) = (cache, ticket, &loaded) {
            cache.put(ticket, hash, loaded.clone());
        }
        Ok(loaded)
    }
}

fn expiry(ttl: &Duration) -> chrono::NaiveDateTime {
    db::now() + chrono::Duration::seconds(ttl.whole_seconds())
}

fn key_hash(key: &SessionKey) -> String {
    db::tokens::hash(key.as_ref())
}

impl SessionStore for DbSessionStore {
    async fn load(&self, session_key: &SessionKey) -> Result<Option<State>, LoadError> {
        let hash = key_hash(session_key);
        let loaded = self.read(&hash).await.map_err(LoadError::Other)?;
        let Some(loaded) = loaded else {
            return Ok(None);
        };
        let deserialization = |e: serde_json::Error| LoadError::Deserialization(e.into());
        let mut state: State = serde_json::from_str(&loaded.state).map_err(deserialization)?;
        if let Some(user_id) = loaded.user_id {
            let carried = SessionPerson {
                user_id,
                person: loaded.person,
            };
            let carried = serde_json::to_string(&carried).map_err(deserialization)?;
            state.insert(PERSON_KEY.into(), carried);
        }
        Ok(Some(state))
    }

    async fn save(&self, state: State, ttl: &Duration) -> Result<SessionKey, SaveError> {
        let (body, user_id) = stored(&state).map_err(|e| SaveError::Serialization(e.into()))?;
        let key = generate_session_key();
        let hash = key_hash(&key);
        let expires = expiry(ttl);
        self.blocking(move |c| db::sessions::insert(c, &hash, &body, user_id, expires))
            .await
            .map_err(SaveError::Other)?;
        Ok(key)
    }

    async fn update(
        &self,
        session_key: SessionKey,
        state: State,
        ttl: &Duration,
    ) -> Result<SessionKey, UpdateError> {
        let (body, user_id) = stored(&state).map_err(|e| UpdateError::Serialization(e.into()))?;
        let hash = key_hash(&session_key);
        let expires = expiry(ttl);
        let found = self
            .blocking(move |c| db::sessions::update(c, &hash, &body, user_id, expires))
            .await
            .map_err(UpdateError::Other)?;
        if found {
            Ok(session_key)
        } else {
            // Deleted meanwhile (expired, or ended elsewhere): start a new one.
            self.save(state, ttl).await.map_err(|e| match e {
                SaveError::Serialization(e) => UpdateError::Serialization(e),
                SaveError::Other(e) => UpdateError::Other(e),
            })
        }
    }

    async fn update_ttl(&self, session_key: &SessionKey, ttl: &Duration) -> anyhow::Result<()> {
        let hash = key_hash(session_key);
        let expires = expiry(ttl);
        self.blocking(move |c| db::sessions::touch(c, &hash, expires))
            .await
    }

    async fn delete(&self, session_key: &SessionKey) -> anyhow::Result<()> {
        let hash = key_hash(session_key);
        self.blocking(move |c| db::sessions::delete(c, &hash)).await
    }
}

/// The store chosen by configuration.
#[derive(Clone)]
pub enum AnySessionStore {
    Database(DbSessionStore),
    Redis(RedisSessionStore),
}

impl SessionStore for AnySessionStore {
    async fn load(&self, key: &SessionKey) -> Result<Option<State>, LoadError> {
        match self {
            Self::Database(s) => s.load(key).await,
            Self::Redis(s) => s.load(key).await,
        }
    }

    async fn save(&self, state: State, ttl: &Duration) -> Result<SessionKey, SaveError> {
        match self {
            Self::Database(s) => s.save(state, ttl).await,
            Self::Redis(s) => s.save(state, ttl).await,
        }
    }

    async fn update(
        &self,
        key: SessionKey,
        state: State,
        ttl: &Duration,
    ) -> Result<SessionKey, UpdateError> {
        let was = key.as_ref().to_string();
        let logged_in = logged_in_user(&state).is_some();
        let kept = match self {
            Self::Database(s) => s.update(key, state, ttl).await?,
            Self::Redis(s) => s.update(key, state, ttl).await?,
        };
        if kept.as_ref() == was || !logged_in {
            return Ok(kept);
        }
        // The session was gone (a logout, or it expired) while this request
        // ran, and the store saved its state under a new key: a logged-in
        // state must not come back that way. An empty session takes its place.
        let ended = || UpdateError::Other(anyhow::anyhow!("the session ended meanwhile"));
        self.delete(&kept).await.map_err(|_| ended())?;
        self.save(State::new(), ttl).await.map_err(|_| ended())
    }

    async fn update_ttl(&self, key: &SessionKey, ttl: &Duration) -> anyhow::Result<()> {
        match self {
            Self::Database(s) => s.update_ttl(key, ttl).await,
            Self::Redis(s) => s.update_ttl(key, ttl).await,
        }
    }

    async fn delete(&self, key: &SessionKey) -> anyhow::Result<()> {
        match self {
            Self::Database(s) => s.delete(key).await,
            Self::Redis(s) => s.delete(key).await,
        }
    }
}
