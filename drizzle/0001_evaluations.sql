CREATE TABLE "evaluation_units" (
	"evaluation_id" text NOT NULL,
	"key" text NOT NULL,
	"status" text NOT NULL,
	"run_id" text,
	"result" jsonb,
	"attempts" integer DEFAULT 0 NOT NULL,
	"error" text,
	"finished_at" timestamp with time zone,
	CONSTRAINT "evaluation_units_evaluation_id_key_pk" PRIMARY KEY("evaluation_id","key")
);
--> statement-breakpoint
CREATE TABLE "evaluations" (
	"id" text PRIMARY KEY NOT NULL,
	"owner_hash" text,
	"name" text NOT NULL,
	"status" text NOT NULL,
	"spec" jsonb NOT NULL,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "evaluation_units" ADD CONSTRAINT "evaluation_units_evaluation_id_evaluations_id_fk" FOREIGN KEY ("evaluation_id") REFERENCES "public"."evaluations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_units" ADD CONSTRAINT "evaluation_units_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "evaluations_owner_created_idx" ON "evaluations" USING btree ("owner_hash","created_at");