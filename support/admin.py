"""Back-office screens of the help desk."""

from django.contrib import admin

from .models import FAQCategory, FAQEntry


class FAQEntryInline(admin.StackedInline):
    model = FAQEntry
    extra = 0
    fields = ["language", "question", "slug", "answer", "position", "is_published"]
    prepopulated_fields = {"slug": ["question"]}


@admin.register(FAQCategory)
class FAQCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [FAQEntryInline]


@admin.register(FAQEntry)
class FAQEntryAdmin(admin.ModelAdmin):
    list_display = ["question", "category", "language", "position", "is_published"]
    list_editable = ["position", "is_published"]
    list_filter = ["language", "is_published", "category"]
    list_select_related = ["category"]
    search_fields = ["question", "answer", "slug"]
    prepopulated_fields = {"slug": ["question"]}
    autocomplete_fields = ["category"]
