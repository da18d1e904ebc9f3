"""The root Mutation: the events HR records, each one transaction with its audit entry (graph.change).

Every mutation takes a typed input and an optional `idempotencyKey`, and answers
a payload: the changed object, `userErrors` naming the input field and the
reason when a rule refused it (nothing is written then), the audit entry's
sequence number, and whether the answer is that of an earlier request with the
same key. hr and admin record people's and mentorships' data; only admin
records studios, achievements and honours of studios, and corrects other
objects; planner and public are FORBIDDEN.
"""

from dataclasses import dataclass
from enum import Enum
from typing import Annotated, Any, Optional

import strawberry

from api.access import CanSeePeople, CanWritePeople, IsAdmin, WRITES_ALL
from api.errors import bad_input, forbidden
from api.types import Achievement, Certification, Honor, Mentorship, Person, Studio, edge_object, node_object
from api.write_inputs import input_type, parse_value, props_of
from graph.change import Actor, Applied, Change, Mode, RelRef, Target, Write
from graph.errors import AlreadyExists, InvalidData, NotFound, RuleViolation, StaleVersion
from graph.model import node_type, rel_type, NODE_TYPES as MODEL_NODES
from graph.query import Direction, NodeRef
from graph.rules import COMPLETED, ENDED, ONGOING

MAX_KEY = 200  # characters of an idempotency key
MAX_LIST = 100  # items of a list in one input (members, contributors, recipients)

MENTORED, CERTIFIED = rel_type("MENTORED"), rel_type("CERTIFIED")
STUDIO, ACHIEVEMENT, HONOR = node_type("Studio"), node_type("Achievement"), node_type("Honor")
EVENT_SET = ("status", "end", "result")  # a mentorship's fields its completion or ending sets
ID = strawberry.ID
Version = (Optional[int], "The version you read (from `version`): a newer stored version refuses the change.")


# -- inputs ------------------------------------------------------------------

SignMentorshipInput = input_type(
    "SignMentorshipInput", MENTORED.properties, "A 师带徒 agreement signed: it starts 在带.",
    extra={"masterId": (ID, "The master's personId."), "apprenticeId": (ID, "The apprentice's personId.")},
    leave_out=EVENT_SET)
CompleteMentorshipInput = input_type(
    "CompleteMentorshipInput", (MENTORED.prop("agreementId"), MENTORED.prop("end"), MENTORED.prop("result")),
    "An apprentice completed (出师) with the assessment result: the mentorship must be 在带.",
    extra={"version": Version}, required=("end", "result"))
EndMentorshipInput = input_type(
    "EndMentorshipInput", (MENTORED.prop("agreementId"), MENTORED.prop("end"), MENTORED.prop("result")),
    "A mentorship ended (终止) before completion: it must be 在带.", extra={"version": Version}, required=("end",))
CertifyInput = input_type(
    "CertifyInput", CERTIFIED.properties, "A person certified in an occupation at a grade (a newer grade replaces the older).",
    extra={"personId": (ID, "Who is certified."), "occupationCode": (str, "The occupation's code."), "version": Version})
GrantHonorInput = input_type(
    "GrantHonorInput", HONOR.all_properties, "An honour granted to people and studios (studios: admin only).",
    extra={"personIds": (Optional[list[ID]], "People who receive it."),
           "studioIds": (Optional[list[ID]], "Studios that receive it (admin only).")})
NameStudioInput = input_type(
    "NameStudioInput", STUDIO.all_properties, "A studio named, with its leader and host organization (admin only).",
    extra={"leaderId": (Optional[ID], "The leader's personId (领衔人)."),
           "hostOrgId": (Optional[ID], "The host organization's orgId (依托单位).")})
MemberInput = input_type(
    "MemberInput", rel_type("MEMBER_OF").properties, "A member to add, with role.", extra={"personId": (ID, "The member.")})
ChangeStudioMembersInput = input_type(
    "ChangeStudioMembersInput", (STUDIO.key,), "Members added to and removed from a studio (admin only).",
    extra={"add": (Optional[list[MemberInput]], "Members to add (or whose role to update)."),
           "remove": (Optional[list[ID]], "personIds to remove.")})
ContributorInput = input_type(
    "ContributorInput", rel_type("CONTRIBUTED").properties, "A contributor and rank.", extra={"personId": (ID, "The contributor.")})
RecordAchievementInput = input_type(
    "RecordAchievementInput", ACHIEVEMENT.all_properties, "An achievement recorded with its contributors (admin only).",
    extra={"contributors": (list[ContributorInput], "Who made it, with rank (1 = 第一完成人)."),
           "studioId": (Optional[ID], "The studio it came from.")})
ChangePersonStatusInput = input_type(
    "ChangePersonStatusInput", (node_type("Person").key, node_type("Person").prop("status")),
    "A person's status changed: 在职 or 退休.", extra={"version": Version})
ChangeEmployerInput = input_type(
    "ChangeEmployerInput", rel_type("WORKS_AT").properties, "A person moved to another employer.",
    extra={"personId": (ID, "Who moved."), "orgId": (ID, "The new employer's orgId.")})


CorrectedType = strawberry.enum(  # type: ignore[misc]
    Enum("CorrectedType", {label: label for label in (*MODEL_NODES, "Mentorship")}),  # type: ignore[misc]
    description="What a correction names: a node label, or Mentorship (by its agreementId).",
)


@strawberry.input(description="One property of one object set to a new value (hr: people and mentorships; admin: any).")
class CorrectPropertyInput:
    object_type: CorrectedType = strawberry.field(description="The kind of object.")  # type: ignore[valid-type]
    key: ID = strawberry.field(description="Its key (a Mentorship's agreementId).")
    property: str = strawberry.field(description="The property, as the model names it.")
    value: Optional[str] = strawberry.field(description="The new value as text (numbers, true/false, YYYY-MM-DD); null removes it.")
    version: int = strawberry.field(description="The version you read: a newer stored version refuses the correction.")


# -- payloads ----------------------------------------------------------------

@strawberry.type(description="Why a mutation was refused: the input field and the reason. Nothing was written.")
class UserError:
    field: list[str] = strawberry.field(description="The path to the input field, e.g. [\"input\", \"end\"].")
    message: str = strawberry.field(description="What is wrong, naming the object and the field.")
    code: str = strawberry.field(description="RULE_BROKEN, NOT_FOUND, ALREADY_EXISTS, STALE_VERSION or INVALID.")


def payload_type(name: str, field_name: str, object_type: Any, doc: str, people: bool = False) -> type:
    annotations = {
        field_name: Optional[object_type], "user_errors": list[UserError], "audit_seq": Optional[int], "replayed": bool,
    }
    namespace = {
        field_name: strawberry.field(default=None, description=doc, permission_classes=[CanSeePeople] if people else []),
        "user_errors": strawberry.field(default_factory=list, description="Empty when the change was recorded."),
        "audit_seq": strawberry.field(default=None, description="The audit entry's sequence number."),
        "replayed": strawberry.field(default=False, description="An earlier request with this idempotencyKey was answered: nothing new was written."),
        "__annotations__": annotations,
    }
    return strawberry.type(type(name, (), namespace), name=name, description=f"What {name.removesuffix('Payload')} changed.")


MentorshipPayload = payload_type("MentorshipPayload", "mentorship", Mentorship, "The mentorship as stored now.", people=True)
CertificationPayload = payload_type("CertificationPayload", "certification", Certification, "The certificate as stored now.", people=True)
HonorPayload = payload_type("HonorPayload", "honor", Honor, "The honour as stored now.")
StudioPayload = payload_type("StudioPayload", "studio", Studio, "The studio as stored now.")
AchievementPayload = payload_type("AchievementPayload", "achievement", Achievement, "The achievement as stored now.")
PersonPayload = payload_type("PersonPayload", "person", Person, "The person as stored now.", people=True)


@strawberry.type(description="What a correction changed.")
class CorrectionPayload:
    object_type: Optional[str] = strawberry.field(default=None, description="The kind of object corrected.")
    key: Optional[str] = strawberry.field(default=None, description="Its key.")
    version: Optional[int] = strawberry.field(default=None, description="The object's version after the correction.")
    user_errors: list[UserError] = strawberry.field(default_factory=list, description="Empty when the change was recorded.")
    audit_seq: Optional[int] = strawberry.field(default=None, description="The audit entry's sequence number.")
    replayed: bool = strawberry.field(default=False, description="An earlier request with this idempotencyKey was answered.")


# -- running a change --------------------------------------------------------

@dataclass
class Outcome:
    applied: Applied | None
    errors: list[UserError]


IdempotencyKey = Annotated[Optional[str], strawberry.argument(
    description=f"Send the same key when retrying a request: the first answer is given again and nothing more is "
    f"written. At most {MAX_KEY} characters; scoped to your token.")]


async def record(info: strawberry.Info, operation: str, subject: Target, writes: list[Write],
                 key: str | None, fields: dict[str, str] | None = None) -> Outcome:
    """Apply the change; a refusal becomes a UserError naming the input field (`fields` maps model names to input names)."""
    context = info.context
    if key is not None and not 1 <= len(key) <= MAX_KEY:
        raise bad_input(f"`idempotencyKey` must have 1 to {MAX_KEY} characters")
    scoped = f"{context.role.value}/{context.label}/{key}" if key else None
    change = Change(operation, Actor(context.role.value, context.label), subject, tuple(writes), scoped)
    fields = fields or {}
    try:
        return Outcome(await context.store.apply(change), [])
    except StaleVersion as error:
        return Outcome(None, [UserError(field=["input", "version"], message=str(error), code="STALE_VERSION")])
    except (NotFound, RuleViolation) as error:
        code = "ALREADY_EXISTS" if isinstance(error, AlreadyExists) else "NOT_FOUND" if isinstance(error, NotFound) else "RULE_BROKEN"
        return Outcome(None, [UserError(field=["input", fields.get(error.field, error.field)], message=str(error), code=code)])
    except InvalidData as error:
        return Outcome(None, [UserError(field=["input"], message=str(error), code="INVALID")])


def answered(payload: type, outcome: Outcome, **shown: Any) -> Any:
    applied = outcome.applied
    return payload(
        **(shown if applied else {}), user_errors=outcome.errors,
        audit_seq=applied.entry.seq if applied else None, replayed=bool(applied and applied.replayed),
    )


def too_many(name: str, items: list[Any] | None) -> list[Any]:
    items = items or []
    if len(items) > MAX_LIST:
        raise bad_input(f"`{name}` has {len(items)} items; at most {MAX_LIST}")
    return items


async def node_now(info: strawberry.Info, label: str, key: str) -> Any:
    found = (await info.context.store.get_nodes(label, [key])).get(key)
    return node_object(label, found) if found is not None else None


async def mentorship_now(info: strawberry.Info, agreement: str) -> Any:
    store = info.context.store
    edge = (await store.get_relationships("MENTORED", [agreement])).get(agreement)
    if edge is None:
        return None
    people = await store.get_nodes("Person", [edge.source.key, edge.target.key])
    return edge_object("MENTORED", edge.props, node_object("Person", people[edge.source.key]),
                       node_object("Person", people[edge.target.key]))


def person(key: str) -> NodeRef:
    return NodeRef("Person", str(key))


MENTORSHIP_FIELDS = {"from": "masterId", "to": "apprenticeId"}


# -- the mutations -----------------------------------------------------------

@strawberry.type(description="Record what happens: every mutation is one transaction, audited.")
class Mutation:
    @strawberry.mutation(permission_classes=[CanWritePeople], description="Sign a 师带徒 agreement (hr, admin).")
    async def sign_mentorship(self, info: strawberry.Info, input: SignMentorshipInput,  # type: ignore[valid-type]
                              idempotency_key: IdempotencyKey = None) -> MentorshipPayload:  # type: ignore[valid-type]
        agreement = str(input.agreementId)
        ref = RelRef("MENTORED", person(input.masterId), person(input.apprenticeId), agreement)
        props = {**props_of(input, MENTORED.properties), "status": ONGOING}
        outcome = await record(info, "signMentorship", ref, [Write(ref, Mode.CREATE, props)], idempotency_key, MENTORSHIP_FIELDS)
        return answered(MentorshipPayload, outcome, mentorship=await mentorship_now(info, agreement))

    @strawberry.mutation(permission_classes=[CanWritePeople],
                         description="An apprentice completes (出师) with the assessment result (hr, admin).")
    async def complete_mentorship(self, info: strawberry.Info, input: CompleteMentorshipInput,  # type: ignore[valid-type]
                                  idempotency_key: IdempotencyKey = None) -> MentorshipPayload:  # type: ignore[valid-type]
        return await _close(info, input, COMPLETED, "completeMentorship", idempotency_key)

    @strawberry.mutation(permission_classes=[CanWritePeople], description="End (终止) a mentorship before completion (hr, admin).")
    async def end_mentorship(self, info: strawberry.Info, input: EndMentorshipInput,  # type: ignore[valid-type]
                             idempotency_key: IdempotencyKey = None) -> MentorshipPayload:  # type: ignore[valid-type]
        return await _close(info, input, ENDED, "endMentorship", idempotency_key)

    @strawberry.mutation(permission_classes=[CanWritePeople], description="Certify a person at a grade (hr, admin).")
    async def certify(self, info: strawberry.Info, input: CertifyInput,  # type: ignore[valid-type]
                      idempotency_key: IdempotencyKey = None) -> CertificationPayload:  # type: ignore[valid-type]
        ref = RelRef("CERTIFIED", person(input.personId), NodeRef("Occupation", input.occupationCode))
        write = Write(ref, Mode.MERGE, props_of(input, CERTIFIED.properties), input.version)
        outcome = await record(info, "certify", ref, [write], idempotency_key, {"from": "personId", "to": "occupationCode"})
        certificate = None
        if outcome.applied:
            store = info.context.store
            found = (await store.neighbours("Person", [str(input.personId)], "CERTIFIED", Direction.OUT))[str(input.personId)]
            edge = next((n for n in found if n.key == input.occupationCode), None)
            holder = await node_now(info, "Person", str(input.personId))
            if edge is not None:
                certificate = edge_object("CERTIFIED", edge.rel, holder, node_object("Occupation", edge.node))
        return answered(CertificationPayload, outcome, certification=certificate)

    @strawberry.mutation(permission_classes=[CanWritePeople],
                         description="Grant an honour to people (hr, admin) and studios (admin).")
    async def grant_honor(self, info: strawberry.Info, input: GrantHonorInput,  # type: ignore[valid-type]
                          idempotency_key: IdempotencyKey = None) -> HonorPayload:  # type: ignore[valid-type]
        people, studios = too_many("personIds", input.personIds), too_many("studioIds", input.studioIds)
        if studios and info.context.role not in WRITES_ALL:
            raise forbidden("granting an honour to a studio is for the admin role only")
        if not people and not studios:
            raise bad_input("name at least one recipient in `personIds` or `studioIds`")
        honor = NodeRef("Honor", str(input.honorId))
        writes = [Write(honor, Mode.MERGE, props_of(input, HONOR.all_properties, (HONOR.key.name,)))]
        writes += [Write(RelRef("RECEIVED", person(p), honor), Mode.CREATE) for p in people]
        writes += [Write(RelRef("RECEIVED", NodeRef("Studio", str(s)), honor), Mode.CREATE) for s in studios]
        outcome = await record(info, "grantHonor", honor, writes, idempotency_key, {"from": "personIds"})
        return answered(HonorPayload, outcome, honor=await node_now(info, "Honor", str(input.honorId)))

    @strawberry.mutation(permission_classes=[IsAdmin], description="Name a studio, with its leader and host (admin).")
    async def name_studio(self, info: strawberry.Info, input: NameStudioInput,  # type: ignore[valid-type]
                          idempotency_key: IdempotencyKey = None) -> StudioPayload:  # type: ignore[valid-type]
        studio = NodeRef("Studio", str(input.studioId))
        writes = [Write(studio, Mode.CREATE, props_of(input, STUDIO.all_properties, (STUDIO.key.name,)))]
        if input.leaderId:
            writes.append(Write(RelRef("LEADS", person(input.leaderId), studio), Mode.CREATE))
        if input.hostOrgId:
            writes.append(Write(RelRef("HOSTED_BY", studio, NodeRef("Organization", str(input.hostOrgId))), Mode.CREATE))
        fields = {"from": "leaderId", "to": "hostOrgId", STUDIO.key.name: STUDIO.key.name}
        outcome = await record(info, "nameStudio", studio, writes, idempotency_key, fields)
        return answered(StudioPayload, outcome, studio=await node_now(info, "Studio", str(input.studioId)))

    @strawberry.mutation(permission_classes=[IsAdmin], description="Add and remove a studio's members (admin).")
    async def change_studio_members(self, info: strawberry.Info, input: ChangeStudioMembersInput,  # type: ignore[valid-type]
                                    idempotency_key: IdempotencyKey = None) -> StudioPayload:  # type: ignore[valid-type]
        studio = NodeRef("Studio", str(input.studioId))
        add, remove = too_many("add", input.add), too_many("remove", input.remove)
        member_props = rel_type("MEMBER_OF").properties
        writes = [Write(RelRef("MEMBER_OF", person(m.personId), studio), Mode.MERGE, props_of(m, member_props)) for m in add]
        writes += [Write(RelRef("MEMBER_OF", person(p), studio), Mode.DELETE) for p in remove]
        if not writes:
            raise bad_input("name members to `add` or `remove`")
        outcome = await record(info, "changeStudioMembers", studio, writes, idempotency_key, {"from": "add", "to": "studioId"})
        return answered(StudioPayload, outcome, studio=await node_now(info, "Studio", str(input.studioId)))

    @strawberry.mutation(permission_classes=[IsAdmin], description="Record an achievement with its contributors (admin).")
    async def record_achievement(self, info: strawberry.Info, input: RecordAchievementInput,  # type: ignore[valid-type]
                                 idempotency_key: IdempotencyKey = None) -> AchievementPayload:  # type: ignore[valid-type]
        achievement = NodeRef("Achievement", str(input.achievementId))
        contributors = too_many("contributors", input.contributors)
        if not contributors:
            raise bad_input("an achievement needs at least one contributor")
        props = props_of(input, ACHIEVEMENT.all_properties, (ACHIEVEMENT.key.name,))
        writes = [Write(achievement, Mode.CREATE, props)]
        rank_props = rel_type("CONTRIBUTED").properties
        writes += [Write(RelRef("CONTRIBUTED", person(c.personId), achievement), Mode.CREATE, props_of(c, rank_props))
                   for c in contributors]
        if input.studioId:
            writes.append(Write(RelRef("PRODUCED_BY", achievement, NodeRef("Studio", str(input.studioId))), Mode.CREATE))
        fields = {"from": "contributors", "to": "studioId"}
        outcome = await record(info, "recordAchievement", achievement, writes, idempotency_key, fields)
        return answered(AchievementPayload, outcome, achievement=await node_now(info, "Achievement", str(input.achievementId)))

    @strawberry.mutation(permission_classes=[CanWritePeople], description="Change a person's status: 在职 or 退休 (hr, admin).")
    async def change_person_status(self, info: strawberry.Info, input: ChangePersonStatusInput,  # type: ignore[valid-type]
                                   idempotency_key: IdempotencyKey = None) -> PersonPayload:  # type: ignore[valid-type]
        who = person(input.personId)
        write = Write(who, Mode.UPDATE, {"status": input.status}, input.version)
        outcome = await record(info, "changePersonStatus", who, [write], idempotency_key)
        return answered(PersonPayload, outcome, person=await node_now(info, "Person", who.key))

    @strawberry.mutation(permission_classes=[CanWritePeople], description="Move a person to another employer (hr, admin).")
    async def change_employer(self, info: strawberry.Info, input: ChangeEmployerInput,  # type: ignore[valid-type]
                              idempotency_key: IdempotencyKey = None) -> PersonPayload:  # type: ignore[valid-type]
        who, org = person(input.personId), NodeRef("Organization", str(input.orgId))
        now_at = (await info.context.store.neighbours("Person", [who.key], "WORKS_AT", Direction.OUT)).get(who.key, [])
        writes = [Write(RelRef("WORKS_AT", who, NodeRef("Organization", n.key)), Mode.DELETE) for n in now_at if n.key != org.key]
        writes.append(Write(RelRef("WORKS_AT", who, org), Mode.MERGE, props_of(input, rel_type("WORKS_AT").properties)))
        outcome = await record(info, "changeEmployer", who, writes, idempotency_key, {"from": "personId", "to": "orgId"})
        return answered(PersonPayload, outcome, person=await node_now(info, "Person", who.key))

    @strawberry.mutation(permission_classes=[CanWritePeople],
                         description="Correct one property of one object (hr: people and mentorships; admin: any).")
    async def correct_property(self, info: strawberry.Info, input: CorrectPropertyInput,
                               idempotency_key: IdempotencyKey = None) -> CorrectionPayload:
        kind = input.object_type.value
        people_data = kind in ("Person", "Mentorship")
        if not people_data and info.context.role not in WRITES_ALL:
            raise forbidden(f"correcting a {kind} is for the admin role only")
        target: Target = RelRef("MENTORED", key=str(input.key)) if kind == "Mentorship" else NodeRef(kind, str(input.key))
        owner = MENTORED if kind == "Mentorship" else node_type(kind)
        try:
            prop = owner.prop(input.property)
            value = parse_value(prop, input.value)
        except (KeyError, ValueError) as error:
            field = "property" if isinstance(error, KeyError) else "value"
            return CorrectionPayload(user_errors=[UserError(field=["input", field], message=str(error).strip("'\""), code="INVALID")])
        write = Write(target, Mode.UPDATE, {prop.name: value}, input.version)
        outcome = await record(info, "correctProperty", target, [write], idempotency_key, {prop.name: "value"})
        if outcome.applied is None:
            return CorrectionPayload(user_errors=outcome.errors)
        if kind == "Mentorship":
            stored = (await info.context.store.get_relationships("MENTORED", [str(input.key)]))[str(input.key)].props
        else:
            stored = (await info.context.store.get_nodes(kind, [str(input.key)]))[str(input.key)]
        return CorrectionPayload(object_type=kind, key=str(input.key), version=stored.get("version", 0),
                                 audit_seq=outcome.applied.entry.seq, replayed=outcome.applied.replayed)


async def _close(info: strawberry.Info, input: Any, status: str, operation: str, key: str | None) -> Any:
    """Complete or end a mentorship: only one that is 在带 (checked in the transaction)."""
    agreement = str(input.agreementId)
    ref = RelRef("MENTORED", key=agreement)
    props = {"status": status, **props_of(input, (MENTORED.prop("end"), MENTORED.prop("result")))}
    write = Write(ref, Mode.UPDATE, props, input.version, expect={"status": ONGOING})
    outcome = await record(info, operation, ref, [write], key, {MENTORED.key or "": "agreementId"})
    return answered(MentorshipPayload, outcome, mentorship=await mentorship_now(info, agreement))
