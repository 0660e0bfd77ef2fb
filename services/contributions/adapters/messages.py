"""The contributions service's results as its protobuf messages (eventcenter.contributions.v1)."""
from eventcenter.contributions.v1 import contributions_service_pb2 as api
from eventcenter.services.contributions.domain import dashboard, metrics
from eventcenter.services.contributions.domain.association import GATHERED
from eventcenter.services.contributions.service_layer.worklist_cases import Worklist
from eventcenter.services.kernel.i18n import translate
from eventcenter.services.kernel.timestamps import timestamp

METRIC_NAMES = {api.Metric.Value("METRIC_" + name.upper()): name for name in metrics.METRICS}
METRIC_VALUES = {name: value for value, name in METRIC_NAMES.items()}


def contribution_message(row) -> api.Contribution:
    """Whole: whoever is not shown a private participant's edit is not given it at all (privacy.Sight)."""
    return api.Contribution(
        id=row.id, event_id=row.event_id, wiki=row.wiki, rev_id=row.rev_id, page_title=row.page_title,
        namespace=row.namespace, user_id=row.user_id, user_name=row.user_name,
        private=row.private, edit_time=timestamp(row.edit_time), bytes_delta=row.bytes_delta,
        page_created=row.page_created, links_added=row.links_added, links_removed=row.links_removed,
        words_added=row.words_added, create_time=timestamp(row.create_time), deleted=row.deleted,
        gathered=row.associated_by == GATHERED)


def link_message(row) -> api.DashboardLink:
    """Never the secret; the last error in the caller's language."""
    code = row.last_error_code or ""
    return api.DashboardLink(
        event_id=row.event_id, dashboard_url=row.dashboard_url, course_slug=row.course_slug,
        create_time=timestamp(row.create_time),
        last_sync_time=timestamp(row.last_sync_time) if row.last_sync_time else None,
        last_error=translate(dashboard.message_key(code), course_slug=row.course_slug) if code else "",
        last_error_code=code, failed_attempts=row.attempts if code else 0,
        sync_pending=row.change_version > row.synced_version or row.unsync_requested)


def goal_message(event_id: int, goal: metrics.GoalProgress | None) -> api.EventGoal | None:
    if goal is None:
        return None
    return api.EventGoal(event_id=event_id, metric=METRIC_VALUES[goal.metric], target=goal.target,
                         actual=goal.actual, completion=goal.completion, revision=goal.revision)


def metric_fields(counted: metrics.Metrics) -> dict[str, int]:
    return {name: getattr(counted, name) for name in metrics.METRICS}


def worklist_message(worklist: Worklist) -> api.Worklist:
    return api.Worklist(
        event_id=worklist.event_id, gather=worklist.gather,
        articles=[api.WorklistArticle(wiki=a.wiki, title=a.title) for a in worklist.articles],
        last_gather_time=timestamp(worklist.last_gather_time) if worklist.last_gather_time else None,
        revision=worklist.revision)
