"""The blog over the API: visible posts and their comments, read by anyone; commenting needs a verified address."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.generics import ListAPIView, RetrieveAPIView
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.api.permissions import IsEmailVerified
from blog import selectors
from blog.models import Comment, Post
from blog.services import comment_create
from webox.common.ratelimits import TierThrottleMixin

from .serializers import CommentCreateSerializer, CommentSerializer, PostDetailSerializer, PostListSerializer


@extend_schema(parameters=[OpenApiParameter("search", str, description="Words to find in the posts.")])
class PostListApi(ListAPIView):
    """List the visible posts, the latest first; ``?search=`` keeps those containing every word."""

    serializer_class = PostListSerializer
    permission_classes = [AllowAny]

    def get_queryset(self):
        query = self.request.query_params.get("search", "").strip()[:100]
        posts = selectors.post_list_search(query=query) if query else selectors.post_list_visible()
        return posts.prefetch_related("tags")


class PostDetailApi(RetrieveAPIView):
    """Return a visible post with its sanitised HTML body."""

    serializer_class = PostDetailSerializer
    permission_classes = [AllowAny]
    lookup_field = "slug"

    def get_queryset(self):
        return selectors.post_list_visible().prefetch_related("tags", "categories")


class PostCommentListCreateApi(TierThrottleMixin, ListAPIView):
    """List a post's approved comments, oldest first; post a comment or a reply (moderate tier)."""

    serializer_class = CommentSerializer
    ratelimit_tier = "moderate"

    def get_permissions(self):
        if self.request.method == "POST":
            return [IsAuthenticated(), IsEmailVerified()]
        return [AllowAny()]

    def get_post(self) -> Post:
        return get_object_or_404(selectors.post_list_visible(), slug=self.kwargs["slug"])

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return Comment.objects.none()
        return Comment.objects.approved().filter(post=self.get_post()).select_related("author")

    @extend_schema(request=CommentCreateSerializer, responses={201: CommentSerializer})
    def post(self, request: Request, slug: str) -> Response:
        post = self.get_post()
        serializer = CommentCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        parent_id = serializer.validated_data.get("parent")
        parent = get_object_or_404(Comment, pk=parent_id, post=post) if parent_id else None
        body = serializer.validated_data["body"]
        comment = comment_create(post=post, author=request.user, body=body, parent=parent)
        return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)
