from django.urls import path

from ruggie.register import import_views, views

app_name = "register"
urlpatterns = [
    path("", views.supplier_list, name="supplier_list"),
    path("suppliers/new/", views.supplier_edit, name="supplier_create"),
    path("suppliers/<int:pk>/", views.supplier_detail, name="supplier_detail"),
    path("suppliers/<int:pk>/edit/", views.supplier_edit, name="supplier_edit"),
    path("suppliers/<int:pk>/delete/", views.supplier_delete, name="supplier_delete"),
    path("suppliers/<int:supplier_pk>/sites/new/", views.site_edit, name="site_create"),
    path("suppliers/<int:supplier_pk>/sites/<int:pk>/edit/", views.site_edit, name="site_edit"),
    path("suppliers/<int:supplier_pk>/sites/<int:pk>/delete/", views.site_delete, name="site_delete"),
    path("relationships/new/", views.relationship_edit, name="relationship_create"),
    path("relationships/<int:pk>/edit/", views.relationship_edit, name="relationship_edit"),
    path("export.<str:fmt>", views.export, name="export"),
    path("import/", import_views.upload, name="import_upload"),
    path("import/<int:pk>/map/", import_views.map_columns, name="import_map"),
    path("import/<int:pk>/preview/", import_views.preview, name="import_preview"),
    path("import/<int:pk>/", import_views.result, name="import_result"),
]
