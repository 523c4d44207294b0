{{/* Names, labels and small helpers of the tracker-operator chart. */}}

{{- define "tracker-operator.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "tracker-operator.fullname" -}}
{{- if contains .Chart.Name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{- define "tracker-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "tracker-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "tracker-operator.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "tracker-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "tracker-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "tracker-operator.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The rules the operator needs wherever it watches TrackerDeployments: exactly the verbs it uses. */}}
{{- define "tracker-operator.rules" -}}
# Watch TrackerDeployments; patch adds and removes the finalizer.
- apiGroups: ["tracker.torrust.com"]
  resources: ["trackerdeployments"]
  verbs: ["get", "list", "watch", "patch"]
# Status is written as a JSON patch of the status subresource.
- apiGroups: ["tracker.torrust.com"]
  resources: ["trackerdeployments/status"]
  verbs: ["patch"]
# Owner references of the generated Secret point at the TrackerDeployment.
- apiGroups: ["tracker.torrust.com"]
  resources: ["trackerdeployments/finalizers"]
  verbs: ["update"]
# Referenced Secrets (SSH key, tokens, passwords) are read and watched, so a rotation re-converges;
# the one Secret the operator owns per deployment, <name>-generated, is created and completed.
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get", "list", "watch", "create", "patch"]
# Events are named by their content: a repeat raises the count of the one already there (patch).
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
{{- end }}
