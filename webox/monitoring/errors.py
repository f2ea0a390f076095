"""Error codes of the monitoring app."""

from enum import StrEnum


class MonitoringErrorCode(StrEnum):
    ALERT_ALREADY_RESOLVED = "alert_already_resolved"
