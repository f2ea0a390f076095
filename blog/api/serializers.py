"""Serializers of the blog API."""

from rest_framework import serializers

from blog.markdown import post_body_render
from blog.models import Comment, Post
from blog.sanitize import comment_html


class PostListSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.get_full_name", read_only=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)
    reading_time = serializers.IntegerField(read_only=True)
    tags = serializers.SerializerMethodField()

    class Meta:
        model = Post
        fields = ["slug", "title", "excerpt", "author", "published_at", "updated_at", "reading_time", "tags", "url"]

    def get_tags(self, post: Post) -> list[str]:
        return [tag.name for tag in post.tags.all()]


class PostDetailSerializer(PostListSerializer):
    body_html = serializers.SerializerMethodField()
    categories = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta(PostListSerializer.Meta):
        fields = [*PostListSerializer.Meta.fields, "body_html", "categories", "comments_open"]

    def get_body_html(self, post: Post) -> str:
        """Return the body as sanitised HTML, headings anchored."""
        return post_body_render(post.body).html


class CommentSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.get_short_name", read_only=True)
    body_html = serializers.SerializerMethodField()

    class Meta:
        model = Comment
        fields = ["id", "parent", "author", "body", "body_html", "status", "created_at"]

    def get_body_html(self, comment: Comment) -> str:
        """Return the body as sanitised HTML (no images, links nofollow ugc)."""
        return comment_html(comment.body)


class CommentCreateSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=5000)
    parent = serializers.IntegerField(required=False, allow_null=True, help_text="The id of the comment replied to.")
