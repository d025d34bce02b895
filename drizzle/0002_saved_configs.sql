CREATE TABLE "saved_config_versions" (
	"id" text PRIMARY KEY NOT NULL,
	"config_id" text NOT NULL,
	"version" integer NOT NULL,
	"config" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "saved_configs" (
	"id" text PRIMARY KEY NOT NULL,
	"owner_hash" text NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "config_version_id" text;--> statement-breakpoint
ALTER TABLE "saved_config_versions" ADD CONSTRAINT "saved_config_versions_config_id_saved_configs_id_fk" FOREIGN KEY ("config_id") REFERENCES "public"."saved_configs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "saved_config_versions_config_version_idx" ON "saved_config_versions" USING btree ("config_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "saved_configs_owner_slug_idx" ON "saved_configs" USING btree ("owner_hash","slug");--> statement-breakpoint
ALTER TABLE "runs" ADD CONSTRAINT "runs_config_version_id_saved_config_versions_id_fk" FOREIGN KEY ("config_version_id") REFERENCES "public"."saved_config_versions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "runs_config_version_idx" ON "runs" USING btree ("config_version_id");