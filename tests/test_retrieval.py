from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from interviewer import coach
from interviewer.cli import main
from interviewer.config import PROJECT_ROOT
from interviewer.documents import Document
from interviewer.embeddings import HashEmbedder
from interviewer.llm.scripted import ScriptedBackend
from interviewer.retrieval import CandidateIndex, KnowledgeBase, VectorStore, markdown_passages
from interviewer.services import Services
from tests.conftest import FakeModel

KNOWLEDGE = PROJECT_ROOT / "knowledge"
RESUME_A = ("Alex Moreno\nSenior data engineer at Tidewater Freight\n- Cut event latency from 9"
            " minutes to 40 seconds by moving billing events to Kafka\n- Led a team of 4 engineers")
RESUME_B = ("Priya Shah\nNurse manager at St. Mary's Hospital\n- Reduced patient falls by 35% with"
            " hourly rounding\n- Trained 20 nurses on the new triage protocol")


@pytest.fixture
def store(tmp_path: Path) -> VectorStore:
    return VectorStore(HashEmbedder(), path=tmp_path / "chroma")


@pytest.fixture
def knowledge_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, folder)
    return folder


def test_sections_become_passages_prefixed_with_title_and_heading() -> None:
    text = ("# Follow-up\n\nIntro line here for all.\n\n## Timing\nSend notes within a day.\n\n"
            "## Tone\nBe specific.")
    passages = markdown_passages("knowledge/f.md", text)
    assert [p.section for p in passages] == ["0", "Timing", "Tone"]
    assert passages[1].text.startswith("Follow-up - Timing\n")
    assert [p.chunk_id for p in passages] == [f"knowledge/f.md#{i}" for i in range(3)]


def test_sync_indexes_once_then_only_what_changed(store: VectorStore, knowledge_copy: Path) -> None:
    kb = KnowledgeBase(store, knowledge_copy)
    first = kb.sync()
    assert len(first.indexed) == len(list(knowledge_copy.glob("*.md"))) and not first.failed
    count = store.collection("guidance").count()
    second = kb.sync()
    assert second.indexed == () and len(second.unchanged) == len(first.indexed)
    assert store.collection("guidance").count() == count

    star = knowledge_copy / "star-method.md"
    star.write_text(star.read_text(encoding="utf-8") + "\n## Zebra drill\nPractise the zebra drill"
                    " aloud every morning before the interview.\n", encoding="utf-8")
    (knowledge_copy / "my-notes.txt").write_text("My own note: the recruiter said panel interviews"
                                                 " at Acme run ninety minutes.", encoding="utf-8")
    (knowledge_copy / "broken.pdf").write_bytes(b"%PDF-1.4 garbage")
    (knowledge_copy / "common-mistakes.md").unlink()
    third = kb.sync()
    assert set(third.indexed) == {"knowledge/star-method.md", "knowledge/my-notes.txt"}
    assert third.removed == ("knowledge/common-mistakes.md",)
    assert len(third.failed) == 1 and "broken.pdf" in third.failed[0]
    assert kb.search("zebra drill", k=1)[0].source == "knowledge/star-method.md"
    assert kb.search("recruiter panel Acme ninety minutes", k=1)[0].source == "knowledge/my-notes.txt"
    assert all(h.source != "knowledge/common-mistakes.md" for h in kb.search("common mistakes", k=10))


def test_sync_survives_a_restart(tmp_path: Path, knowledge_copy: Path) -> None:
    KnowledgeBase(VectorStore(HashEmbedder(), path=tmp_path / "chroma"), knowledge_copy).sync()
    again = KnowledgeBase(VectorStore(HashEmbedder(), path=tmp_path / "chroma"), knowledge_copy)
    assert again.sync().indexed == ()


def test_missing_knowledge_folder_names_the_setting(store: VectorStore, tmp_path: Path) -> None:
    with pytest.raises(Exception, match="INTERVIEWER_KNOWLEDGE_DIR"):
        KnowledgeBase(store, tmp_path / "nope").sync()


def test_candidates_never_see_each_other(store: VectorStore) -> None:
    a, b = CandidateIndex(store, "session-a"), CandidateIndex(store, "session-b")
    a.add(Document("a.txt", "resume", RESUME_A))
    b.add(Document("b.txt", "resume", RESUME_B))
    for query in ("patient falls nurses triage", "latency Kafka billing events", "team"):
        assert all("Priya" not in h.text and "nurse" not in h.text.lower() for h in a.search(query, 5))
        assert all("Tidewater" not in h.text for h in b.search(query, 5))
    # Highlights are shortened to their first clause so a spoken question can quote them.
    assert a.highlights() == ["cut event latency from 9 minutes to 40 seconds",
                              "led a team of 4 engineers"]
    a.delete()
    assert a.search("latency", 5) == []
    assert b.search("patient falls", 1)[0].text.startswith("Priya")


def test_a_new_resume_replaces_the_old_one(store: VectorStore) -> None:
    index = CandidateIndex(store, "session-c")
    index.add(Document("old.txt", "resume", RESUME_A))
    index.add(Document("job.txt", "job", "We need a data engineer who knows Kafka and SQL."))
    index.add(Document("new.txt", "resume", RESUME_B))
    texts = " ".join(h.text for h in index.search("engineer Kafka nurse", 10))
    assert "Priya" in texts and "Tidewater" not in texts and "Kafka and SQL" in texts


def test_session_questions_use_the_resume_and_critiques_cite_guidance(services: Services) -> None:
    services.knowledge.sync()
    session = services.new_session("hiring_manager", ScriptedBackend(),
                                   [Document("cv.txt", "resume", RESUME_A)])
    opening = "".join(session.start())
    assert "cut event latency from 9 minutes to 40 seconds" in opening
    trace = session.turns[-1].trace
    assert trace is not None and trace.retrieved and trace.retrieved[0].startswith("resume#")
    "".join(session.answer("We did it and things got better."))
    critique = session.turns[1].critique
    assert critique is not None and critique.sources
    assert all(s.startswith("knowledge/") for s in critique.sources)
    services.delete_documents(session)
    assert session.context.for_question("latency") == []


def test_bad_documents_do_not_stop_the_interview(services: Services) -> None:
    session = services.new_session("peer", ScriptedBackend(), [Document("cv.txt", "resume", "   ")])
    assert any("cv.txt" in note for note in session.notes)
    assert "".join(session.start())


def test_ask_scripted_answers_from_the_passages_with_sources(
    store: VectorStore, knowledge_copy: Path
) -> None:
    kb = KnowledgeBase(store, knowledge_copy)
    kb.sync()
    answer = coach.ask("thank-you note to each interviewer within 24 hours", kb, ScriptedBackend())
    assert answer.sources[0].source == "knowledge/follow-up.md"
    # Extractive: the answer is made only of sentences from the top passages.
    pieces = [p for p in coach.passage_sentences(list(answer.sources[:3])) if p in answer.answer]
    assert pieces and sum(len(p) + 1 for p in pieces) - 1 == len(answer.answer)


def test_ask_with_a_model_sends_passages_fenced(store: VectorStore, knowledge_copy: Path,
                                                fake_model: FakeModel) -> None:
    kb = KnowledgeBase(store, knowledge_copy)
    kb.sync()
    fake_model.enqueue("Send a note to each interviewer within a day.")
    answer = coach.ask("When should I send thank-you notes?", kb, fake_model.backend())
    assert answer.answer == "Send a note to each interviewer within a day."
    prompt = coach.coach_prompt("q", list(answer.sources), "draft")
    assert prompt.messages[1].content.count("<guidance>") == len(answer.sources)


def test_cli_ask_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "What a peer interview focuses on", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["answer"] and data["backend"] == "scripted"
    first = data["sources"][0]
    assert set(first) >= {"source", "chunk_id", "text"}
    assert "knowledge/peer-interview.md" in [s["source"] for s in data["sources"]]
