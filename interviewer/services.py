"""Building the app's long-lived pieces from settings, once: shared by the UI and the CLI."""

from __future__ import annotations

import logging
import shutil
import time
import uuid
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from interviewer import embeddings, identity, llm, offline, stories
from interviewer.config import Settings
from interviewer.documents import Document, candidate_name
from interviewer.embeddings import Embedder
from interviewer.errors import DiskFullError, InterviewerError
from interviewer.llm.base import Backend
from interviewer.personas import PersonaLibrary
from interviewer.question_rating import QuestionRater
from interviewer.retrieval import CandidateIndex, KnowledgeBase, VectorStore
from interviewer.session import InterviewSession, Turn
from interviewer.star import learned, relevance
from interviewer.store import Store
from interviewer.stories import Story

_log = logging.getLogger(__name__)

MIN_FREE_BYTES = 20 * 1024 * 1024
"""Below this much free space the app refuses new documents and recordings."""


def _checked_id(session_id: str) -> str:
    """A session id as the app makes them (32 hex digits); anything else is refused."""
    if len(session_id) != 32 or any(c not in "0123456789abcdef" for c in session_id):
        raise InterviewerError("That is not a session id of this app. Pick a session from the list.")
    return session_id


def _name_from(documents: list[Document]) -> str | None:
    return next((name for d in documents if d.kind == "resume"
                 and (name := candidate_name(d.text))), None)


def _index_documents(index: CandidateIndex, documents: list[Document]) -> list[str]:
    notes: list[str] = []
    for document in documents:
        try:
            notes.append(f"{document.name}: indexed ({index.add(document)} passages).")
        except InterviewerError as exc:
            notes.append(f"{document.name}: {exc} The interview goes on without it.")
    return notes


@dataclass
class Services:
    """Settings plus the objects built from them. Nothing here does I/O until first use."""

    settings: Settings
    _session_names: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        offline.prepare(self.settings.data_dir)

    @cached_property
    def personas(self) -> PersonaLibrary:
        """Persona files under the prompts folder."""
        return PersonaLibrary(self.settings.prompts_dir / "personas")

    @cached_property
    def embedder(self) -> Embedder:
        """The embedding model named by INTERVIEWER_EMBEDDINGS (loaded on first embed)."""
        key = self.settings.openai_api_key
        return embeddings.create(self.settings.embeddings, key.get_secret_value() if key else None)

    @cached_property
    def answer_similarity(self) -> relevance.Similarity | None:
        """How close an answer is to its question, for the off-topic finding: MiniLM with the shipped
        relevance tuning (`relevance.TUNING_FILE`) when MiniLM is the embedder and
        INTERVIEWER_ANSWER_RELEVANCE is on (the weights were fitted in that model's space), else none (rules
        alone)."""
        if not self.settings.answer_relevance or self.settings.embeddings != "minilm":
            return None
        if not relevance.TUNING_FILE.is_file():
            _log.warning("The relevance tuning %s is missing; off-topic answers are found by rules alone."
                         " Reinstall the package.", relevance.TUNING_FILE)
            return None
        return relevance.EmbeddingSimilarity(embeddings.MiniLMEmbedder(tuning=relevance.TUNING_FILE))

    @cached_property
    def quantified_embedder(self) -> Embedder | None:
        """MiniLM with the shipped quantified tuning (`learned.TUNING_FILE`), for the learned check of the
        quantified-result finding, when MiniLM is the embedder and INTERVIEWER_LEARNED_QUANTIFIED is on (the
        head was trained in that model's space), else none (the rules' verdict alone)."""
        if not self.settings.learned_quantified or self.settings.embeddings != "minilm":
            return None
        if not learned.TUNING_FILE.is_file():
            _log.warning("The quantified tuning %s is missing; the quantified finding is the rules' alone."
                         " Reinstall the package.", learned.TUNING_FILE)
            return None
        return embeddings.MiniLMEmbedder(tuning=learned.TUNING_FILE)

    def measure_relevance(self) -> None:
        """Make every later analysis in this process use `answer_similarity` (once, at start-up), and the
        learned quantified check when it is on (INTERVIEWER_LEARNED_QUANTIFIED, MiniLM only)."""
        relevance.use_similarity(self.answer_similarity)
        learned.use(self.quantified_embedder)

    @cached_property
    def vectors(self) -> VectorStore:
        """Chroma: a server when CHROMA_HOST is set, else embedded under the data folder."""
        s = self.settings
        return VectorStore(self.embedder, path=s.data_dir / "chroma", host=s.chroma_host,
                           port=s.chroma_port)

    @cached_property
    def sessions(self) -> Store:
        """The session database: INTERVIEWER_DATABASE_URL (PostgreSQL, shared by replicas), else the
        SQLite file under the data folder."""
        url = self.settings.database_url
        return Store(url.get_secret_value() if url and url.get_secret_value().strip()
                     else self.settings.data_dir / "interviewer.sqlite3")

    @property
    def storage_dir(self) -> Path:
        """Where recordings and exports go: INTERVIEWER_STORAGE_DIR (shared storage), else the data
        folder."""
        return self.settings.storage_dir or self.settings.data_dir

    @cached_property
    def question_rater(self) -> QuestionRater:
        """Rates the candidate's own questions: rules, then labelled examples by embedding."""
        return QuestionRater(self.embedder, self.settings.prompts_dir / "candidate_question_examples.jsonl")

    @cached_property
    def knowledge(self) -> KnowledgeBase:
        """The guidance base (call `sync()` once at start-up)."""
        return KnowledgeBase(self.vectors, self.settings.knowledge_dir)

    def candidate_index(self, session_id: str, documents: list[Document]) -> tuple[CandidateIndex,
                                                                                   list[str]]:
        """A session's document index, filled; returns it and a message per document."""
        index = CandidateIndex(self.vectors, session_id)
        return index, _index_documents(index, documents)

    def add_documents(self, session: InterviewSession, documents: list[Document],
                      owner: str | None = None) -> list[str]:
        """Index documents uploaded mid-interview into the session's own collection."""
        index = session.context
        if not isinstance(index, CandidateIndex):
            return ["This session cannot take documents."]
        self.check_space()
        notes = _index_documents(index, documents)
        session.candidate_name = _name_from(documents) or session.candidate_name
        if owner:
            for document in index.documents:
                self.sessions.put_document(session.session_id, owner, document.kind, document.name,
                                           len(document.text))
            self._bank_resume(owner, documents)
        return notes

    def delete_documents(self, session: InterviewSession) -> None:
        """Remove a session's documents and their vectors."""
        if isinstance(session.context, CandidateIndex):
            session.context.delete()

    def backend(self, name: str | None = None) -> Backend:
        """The named backend, or the one `auto` picks from the settings."""
        return llm.create(self.settings, name)

    def new_session(
        self,
        persona_id: str,
        backend: Backend,
        documents: list[Document] | None = None,
        owner: str | None = None,
        round_plan: list[str] | None = None,
    ) -> InterviewSession:
        """A fresh interview with the settings' limits and the candidate's documents indexed."""
        session_id = uuid.uuid4().hex
        if documents:
            self.check_space()
        index, notes = self.candidate_index(session_id, documents or [])
        session = self._session(session_id, persona_id, backend, index)
        session.notes.extend(notes)
        session.candidate_name = _name_from(documents or [])
        if round_plan:
            for member in round_plan:
                self.personas.get(member)  # an unknown id fails here, listing the valid ones
            session.round_plan = list(dict.fromkeys(round_plan))
            session.persona_id = session.round_plan[0]
        if owner is not None:
            name = f"{self.personas.get(persona_id).role} practice, {time.strftime('%Y-%m-%d %H:%M')}"
            self.sessions.create(session_id, owner, name, backend.name, backend.model,
                                 session.snapshot())
            self._session_names[session_id] = name
            self._bank_resume(owner, index.documents)
            for document in index.documents:
                self.sessions.put_document(session_id, owner, document.kind, document.name,
                                           len(document.text))
            self._persist(session, owner)
        return session

    def story_bank(self, owner: str) -> list[Story]:
        """The owner's STAR stories, drafted from resumes and strong answers."""
        return [Story.from_dict(d) for d in self.sessions.stories(owner)]

    def _bank_answer(self, session: InterviewSession, owner: str, turn: Turn) -> None:
        """Warn when an answer retells a story told before; keep strong answers as stories."""
        if turn.critique is None or turn.note:
            return
        bank = self.story_bank(owner)
        name = self._session_names.get(session.session_id, session.session_id[:8])
        record = session.turn_record(turn)
        hit = stories.find_repeat(turn.critique.analysis.answer, bank)
        if hit is not None and not any(used.startswith(f"{name} ·") for used in hit.used_in):
            turn.note = stories.repeat_warning(hit)
        persona = self.personas.get(turn.persona_id).display_name
        story = stories.from_answer(record["critique"],
                                    stories.origin_label(name, persona, turn.question or ""))
        if story is not None:
            bank = stories.add(bank, story)
            self.sessions.put_stories(owner, [s.to_dict() for s in bank])

    def _bank_resume(self, owner: str, documents: list[Document]) -> None:
        bank = self.story_bank(owner)
        for document in documents:
            if document.kind == "resume":
                for story in stories.from_resume(document.text):
                    bank = stories.add(bank, story)
        self.sessions.put_stories(owner, [s.to_dict() for s in bank])

    def _session(self, session_id: str, persona_id: str, backend: Backend,
                 index: CandidateIndex) -> InterviewSession:
        """An interview engine with the settings' limits, the session's documents and guidance."""
        s = self.settings
        return InterviewSession(
            personas=self.personas, backend=backend, prompts_dir=s.prompts_dir,
            persona_id=persona_id, questions_per_persona=s.questions_per_persona,
            max_probes_per_question=s.max_probes_per_question, max_answer_chars=s.max_answer_chars,
            context_tokens=s.context_tokens, max_tokens=s.max_tokens, temperature=s.temperature,
            context=index, guidance=self.knowledge, session_id=session_id,
            rate_question=self.question_rater,
        )

    def _persist(self, session: InterviewSession, owner: str) -> None:
        """Write every change of the session to the database as it happens."""
        sessions = self.sessions

        # Turns numbered below this are stored: a turn at or past it is new, and its number must
        # still be free in the database (another tab, on any replica, may have taken it).
        stored = [len(session.turns)]

        def on_change(changed: InterviewSession, turn: Turn | None) -> None:
            if turn is not None:
                seq = next(i for i, t in enumerate(changed.turns) if t is turn)
                new = seq >= stored[0]
                if turn.role == "candidate" and new:
                    self._bank_answer(changed, owner, turn)
                sessions.put_turn(changed.session_id, owner, seq, changed.turn_record(turn), new=new)
                stored[0] = max(stored[0], seq + 1)
            # Only over the transcript it was decided on: a stale tab's state never wins.
            sessions.save_state(changed.session_id, owner, changed.snapshot(), turns=stored[0])

        session.on_change = on_change

    def open_session(self, session_id: str, owner: str, backend: Backend) -> InterviewSession:
        """Reopen a stored session where it was (transcript, plan, pending retry, documents)."""
        info, turns = self.sessions.load(session_id, owner)
        self._session_names[session_id] = info["name"]
        index = CandidateIndex(self.vectors, session_id)
        index.reload()
        session = self._session(session_id, info["state"]["persona_id"], backend, index)
        session.restore(info["state"], [vars(t) for t in turns])
        self._persist(session, owner)
        return session

    def spoken_answer(self, session: InterviewSession, recording: Path) -> tuple[dict[str, Any], str]:
        """Transcribe a recording offline, keep a copy with the session, and measure delivery.

        Returns the audio record to store with the answer, and the transcript to answer with."""
        from interviewer import delivery, speech
        from interviewer.star import analyze

        transcript = speech.transcribe(recording, cpu_threads=self.settings.whisper_threads,
                                       model_dir=self.settings.whisper_model)
        folder = self.storage_dir / "recordings" / session.session_id
        try:
            folder.mkdir(parents=True, exist_ok=True)
            kept = folder / f"{len(session.turns):04d}{recording.suffix.lower() or '.wav'}"
            shutil.copyfile(recording, kept)
        except OSError as exc:
            raise InterviewerError(f"Could not keep the recording: {exc.strerror or exc}. Free some"
                                   " disk space and send it again.") from exc
        question = next((t.question for t in reversed(session.turns)
                         if t.role == "interviewer" and t.question), "") or ""
        analysis = analyze(question, transcript.text)
        measured = delivery.measure(transcript.words, transcript.pauses,
                                    transcript.duration_seconds, analysis)
        starts = delivery.sentence_starts(transcript.words, analysis)
        times = {s.text: t for s, t in zip(analysis.sentences, starts, strict=True) if t is not None}
        return ({"recording": str(kept), "delivery": measured.to_dict(), "sentence_times": times},
                transcript.text)

    def browser_secret(self) -> str:
        """The key that signs browser identities: INTERVIEWER_SECRET_KEY, else one kept in the
        session database, made once by whichever replica asks first, so every replica and every
        restart agrees."""
        if self.settings.secret_key is not None:
            return self.settings.secret_key.get_secret_value()
        return identity.shared_secret(self.sessions, self.settings.data_dir / "browser.secret")

    def exports_folder(self, owner: str) -> Path:
        """Where an owner's exported files go (a digest of the owner, never the owner itself)."""
        return identity.owner_folder(self.storage_dir / "exports", owner)

    def web_cache(self) -> Path:
        """The folder the web server copies downloadable files into (GRADIO_TEMP_DIR)."""
        return self.storage_dir / "web-cache"  # shared: a download may reach another replica

    def export_path(self, owner: str, session_id: str, fmt: str) -> Path:
        """The file an export of a session is written to."""
        return self.exports_folder(owner) / f"interview-{_checked_id(session_id)}.{fmt}"

    def delete_session(self, session_id: str, owner: str) -> list[str]:
        """Delete a stored session and everything kept for it: turns, documents' metadata and
        vectors, recordings, exports and the web server's copies of them. Returns what could not
        be removed (empty when all went)."""
        session_id = _checked_id(session_id)
        self.sessions.delete(session_id, owner)
        left: list[str] = []
        try:
            CandidateIndex(self.vectors, session_id).delete()
        except InterviewerError as exc:
            left.append(f"document vectors ({exc})")
        cache = self.web_cache()
        # recordings, exports, and the interviewer's spoken sentences (voice mode)
        files = [self.storage_dir / "recordings" / session_id, cache / "voice" / session_id,
                 *self.exports_folder(owner).glob(f"interview-{session_id}.*")]
        if cache.is_dir():
            files += list(cache.rglob(f"interview-{session_id}.*"))
        for path in files:
            try:
                if path.is_dir():
                    shutil.rmtree(path)
                elif path.exists():
                    path.unlink()
                    if path.parent.parent == cache:
                        path.parent.rmdir()  # the web server's per-file folder, now empty
            except OSError as exc:
                left.append(f"{path.name} ({exc.strerror or exc})")
        return left

    def check_space(self, need_bytes: int = 0) -> None:
        """Refuse to write when the data (or storage) folder's disk is (nearly) full, with what to
        do; writing into a full disk can leave the vector store stuck."""
        try:
            folders = {self.settings.data_dir, self.storage_dir}
            for folder in folders:
                folder.mkdir(parents=True, exist_ok=True)
            free = min(shutil.disk_usage(folder).free for folder in folders)
        except OSError:
            return  # an unreadable folder is reported by the write itself
        if free < MIN_FREE_BYTES + need_bytes:
            raise DiskFullError(f"The disk holding the app's data is full ({free // 1024} KB free)."
                                " Free some space, then try again: nothing you already saved is"
                                " lost.")
