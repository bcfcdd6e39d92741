from django.urls import path

from ruggie.findings import action_views, import_views, views

app_name = "findings"
urlpatterns = [
    path("", views.board, name="board"),
    path("metrics/", views.metrics, name="metrics"),
    path("new/", views.new, name="new"),
    path("export.xlsx", views.export, name="export"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/status/", action_views.transition, name="transition"),
    path("<int:pk>/actions/", action_views.action_add, name="action_add"),
    path("actions/<int:pk>/complete/", action_views.action_complete, name="action_complete"),
    path("actions/<int:pk>/verify/", action_views.action_verify, name="action_verify"),
    path("actions/<int:pk>/evidence/", action_views.evidence_add, name="evidence_add"),
    path("actions/<int:pk>/remedy/", action_views.remedy_add, name="remedy_add"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("sites/<int:site_pk>/", views.site, name="site"),
    path("import/", import_views.upload, name="import_upload"),
    path("import/columns/", import_views.map_columns, name="import_map"),
    path("import/commit/", import_views.commit, name="import_commit"),
    path("supplier/", action_views.supplier_actions, name="supplier_actions"),
    path("supplier/actions/<int:pk>/", action_views.supplier_action, name="supplier_action"),
    path("supplier/actions/<int:pk>/status/", action_views.supplier_transition, name="supplier_transition"),
]
