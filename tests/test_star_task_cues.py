"""Task cues (issue 12, sixth session): a request or a responsibility is the task however it is worded."""

from __future__ import annotations

import pytest

from interviewer.star.cues import is_learning, label_sentence


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
    # seventh session: work handed over however phrased (sentences written for the test)
    "The operations manager gave me the job of finding out why the scanners kept failing.",
    "The practice manager made it my job to clear the referral backlog before the inspection.",
    "My job, as the newest partner on the team, was to rebuild the client list.",
    "I'd been asked to rewrite the induction before the spring intake.",
    "We were given by head office eight weeks to bring the stock loss down.",
    "The director put me and the planner in charge of cutting the overtime bill.",
    "The finance director wanted a full forecast by the second working day.",
    "and my manager just said you started it so you sort it",
    "The supervisor ask me, because I speak Polish, I must explain the rota to them.",
    "A recovery plan was required before the regulator's next visit.",
    "I offered to take over the newsletter and make it worth opening.",
    # a sentence framed as the work handed over stays the task whatever its goal contains
    "My job was to renegotiate the lease or have another site ready by the end of June.",
    "The regional manager asked me to rebuild the rota within a month so that it would survive the summer.",
    "The new barrier had to be in place before the start of the match season.",
    # promises, permissions, needs in the present, time given, imperatives under a heading
    "We promised the residents' group that we'd have the lifts fixed by Easter.",
    "Sorting out the rota and keeping the drivers happy fell to me.",
    "I asked my manager if I could run the stock count myself.",
    "I need to keep our biggest customer supplied while the line is down.",
    "She said I had the winter to get the new starters trained.",
    "Site manager: get the scaffold signed off before the inspection",
    "The board wanted us in the top three within two years.",
    # round 8: requests in the passive, handed over, said as a question (sentences written for the test)
    "After the audit, the head of quality handed me the investigation and two analysts.",
    "A review of the contract was requested by the trustees ahead of the renewal.",
    "so my boss said can you get the backlog down before the summer",
    "It was necessary for me to pass the certificate within the year.",
    "We had 20 hampers to get out by noon on Christmas Eve.",
    "Operations director's ask - cut overtime without slowing the repairs",
    "A decision had to be made about whether to renew the lease.",
])
def test_requests_and_responsibilities_are_tasks(text: str) -> None:
    assert "task" in label_sentence(text, 0.3)


@pytest.mark.parametrize("text", [
    "I rang every supplier on the list and asked for their delivery slots.",
    "The customer agreed to the new date and paid the deposit.",
    "I offered the customer a refund and a voucher for her next visit.",
    "We handed the keys over to the client on the Friday.",
])
def test_deeds_and_outcomes_are_not_tasks(text: str) -> None:
    assert "task" not in label_sentence(text, 0.6)


@pytest.mark.parametrize(("text", "learning"), [
    ("The biggest lesson for me was to ask the people who run the building first.", True),
    ("I also learned to have those conversations in private.", True),
    ("Lesson: measure the room before you buy the kit.", True),
    ("He was brilliant with the children's swimming lessons, so I wanted to keep him.", False),
    ("I started each lesson with a five-minute quiz.", False),
])
def test_a_lesson_is_learning_and_a_class_is_not(text: str, learning: bool) -> None:
    assert is_learning(text) is learning


def test_once_the_deeds_have_begun_a_deed_that_sounds_like_a_request_is_the_deed() -> None:
    from interviewer.star import analyze
    analysis = analyze("Tell me about a time you helped other teams adopt something.",
                       "Our platform team had built a new deployment pipeline that nobody was using."
                       " My manager asked me to get the other teams onto it. I wrote a short guide first."
                       " I migrated two busy services myself as examples, and I offered to pair with any"
                       " team on its migration every Tuesday. By the end of the quarter nine had moved.")
    assert analysis.sentences[3].labels == ("action",)


def test_what_the_candidate_set_out_to_do_is_the_task() -> None:
    from interviewer.star import analyze
    analysis = analyze("Tell me about a time you improved morale in your team.",
                       "When I took over the site, the nine officers there felt nobody listened to them."
                       " Two of them had handed in their notice. I wanted to get them working as a team"
                       " again before we lost anyone else. I started issuing the rota a month ahead. I"
                       " wanted to know why people were unhappy, so I asked each of them over a coffee."
                       " Both officers who had handed in their notice stayed.")
    assert analysis.sentences[2].labels == ("task",)  # set out to do, nothing done
    assert "action" in analysis.sentences[4].labels  # set out to do, and done in the same sentence


def test_work_someone_else_hands_over_before_the_deeds_is_the_task() -> None:
    from interviewer.star import analyze
    analysis = analyze("Tell me about a time you reduced complaints.",
                       "We went from 35 noise complaints about our yard in one year to three the next."
                       " The yard backs onto a new housing estate, and the complaints were about"
                       " grinders early in the morning. The owner asked me, as yard manager, to deal with"
                       " it before the council stepped in. I moved all grinding into the covered shed."
                       " I also wrote to every house on the estate with my phone number.")
    assert analysis.sentences[2].labels == ("task",)  # asked for, before the first deed
    assert analysis.star["task"].present
