"""Task cues (issue 12, sixth session): a request or a responsibility is the task however it is worded."""

from __future__ import annotations

import pytest

from interviewer.star.cues import label_sentence


@pytest.mark.parametrize("text", [
    "The site manager gave me three weeks to get the new scanners working.",
    "My job as shift lead was to keep the line running through the heatwave.",
    "It fell to me to tell the client.",
    "The night team was asked to find out where the stock was going.",
    "My director wanted us to halve the backlog before the audit.",
    "I had a quota of forty new accounts for the year.",
    "I committed to the board that we would be off the old system by June.",
    # sixth session, from the 900 new development answers' misses (sentences written for the test)
    "My supervisor ask me to find a better way to book the vans.",
    "The regional director made me responsible for getting the depot back above 95% on time.",
    "Ordering the new uniforms was my job, and the supplier needed the sizes by Friday.",
    "Brief from the trustees: double the volunteers without a paid coordinator",
    "The head teacher wanted every Year 9 pupil to be reading at their age by the summer.",
    "The board asked me for a plan to keep the shop open through the winter.",
    "It was agreed that complaints should be answered within two working days.",
])
def test_requests_and_responsibilities_are_tasks(text: str) -> None:
    assert "task" in label_sentence(text, 0.3)


@pytest.mark.parametrize("text", [
    "I rang every supplier on the list and asked for their delivery slots.",
    "The customer agreed to the new date and paid the deposit.",
])
def test_deeds_and_outcomes_are_not_tasks(text: str) -> None:
    assert "task" not in label_sentence(text, 0.6)
